import { MIN_COVERAGE } from '../knowledge/knowledge-index.ts';
import { isReadWhole } from '../text/normalise-text.ts';
import { matchTerms } from './topic-matcher.ts';

const percentOf = (share: number) => `${Math.round(share * 100)} %`;

export type ContextMode = 'restricted' | 'open' | 'custom';

/** Why a question was answered or refused; logged as `refusal_reason` for refusals. */
export type TopicReason =
  | 'excluded_topic'
  | 'off_topic'
  | 'too_long'
  | 'keyword_match'
  | 'knowledge_match'
  | 'open_mode'
  | 'custom_mode';

export interface TopicDecision {
  decision: 'answer' | 'refuse';
  reason: TopicReason;
  /** Human-readable explanation for the dry run. */
  explanation: string;
  matchedKeywords: string[];
  matchedExcludedTopics: string[];
}

export interface TopicInput {
  mode: ContextMode;
  question: string;
  keywords: readonly string[];
  excludedTopics: readonly string[];
  /** Best knowledge retrieval score for the question (0 when nothing matched). */
  knowledgeScore: number;
  /**
   * Best share of the question a passage covers (0 to 1, `KnowledgeHit.coverage`): a high
   * score on one shared word ("install Windows" against install docs) is not on-topic.
   */
  knowledgeCoverage: number;
  /** Score at or above which retrieval alone makes a question on-topic. */
  knowledgeThreshold: number;
}

/**
 * The topic gate of SPEC §5.1, decided before any model call. Excluded topics are refused in
 * every mode except `custom` (where the template drives everything); `restricted` also needs a
 * keyword or a passage scoring at the threshold that covers enough of the question.
 *
 * @example
 * decideTopic({ mode: 'open', question: 'Politics?', keywords: [], excludedTopics: ['politic'],
 *   knowledgeScore: 0, knowledgeCoverage: 0, knowledgeThreshold: 1 }).decision // 'refuse'
 */
export function decideTopic(input: TopicInput): TopicDecision {
  const matchedKeywords = matchTerms(input.question, input.keywords);
  const matchedExcludedTopics = matchTerms(input.question, input.excludedTopics);
  const base = { matchedKeywords, matchedExcludedTopics };
  if (input.mode === 'custom')
    return {
      ...base,
      decision: 'answer',
      reason: 'custom_mode',
      explanation: 'custom mode: the prompt template decides',
    };
  // The checks read a bounded start of the question (`foldBounded`): padding that expands when
  // folded could push an excluded topic, or the real question, past what they read. Such a
  // question is refused unchecked whenever there is something to enforce.
  const isEnforcing = input.mode === 'restricted' || input.excludedTopics.length > 0;
  if (isEnforcing && !isReadWhole(input.question))
    return {
      ...base,
      decision: 'refuse',
      reason: 'too_long',
      explanation: 'the question is too long to check (after expanding special characters)',
    };
  if (matchedExcludedTopics.length > 0)
    return {
      ...base,
      decision: 'refuse',
      reason: 'excluded_topic',
      explanation: `mentions excluded topic(s): ${matchedExcludedTopics.join(', ')}`,
    };
  if (input.mode === 'open')
    return {
      ...base,
      decision: 'answer',
      reason: 'open_mode',
      explanation: 'open mode: no excluded topic mentioned',
    };
  if (matchedKeywords.length > 0)
    return {
      ...base,
      decision: 'answer',
      reason: 'keyword_match',
      explanation: `matches keyword(s): ${matchedKeywords.join(', ')}`,
    };
  if (
    input.knowledgeScore > 0 &&
    input.knowledgeScore >= input.knowledgeThreshold &&
    input.knowledgeCoverage >= MIN_COVERAGE
  )
    return {
      ...base,
      decision: 'answer',
      reason: 'knowledge_match',
      explanation: `knowledge score ${input.knowledgeScore.toFixed(2)} ≥ threshold ${input.knowledgeThreshold}, covering ${percentOf(input.knowledgeCoverage)} of the question`,
    };
  return {
    ...base,
    decision: 'refuse',
    reason: 'off_topic',
    explanation: `no keyword matched and knowledge score ${input.knowledgeScore.toFixed(2)} < threshold ${input.knowledgeThreshold} or covering ${percentOf(input.knowledgeCoverage)} < ${percentOf(MIN_COVERAGE)} of the question`,
  };
}
