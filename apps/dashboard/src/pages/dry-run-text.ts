import type { TContextRuleTestResult } from '@parley/protocol';

/** The topic gate's reasons (packages/ai `TopicReason`), said the way an admin would say them. */
const REASONS: Record<string, string> = {
  keyword_match: 'it mentions one of the rule’s keywords',
  knowledge_match: 'the knowledge bases match the question closely enough',
  open_mode: 'the widget is in open mode and no excluded topic is mentioned',
  custom_mode: 'the widget is in custom mode: the prompt template decides',
  excluded_topic: 'it mentions an excluded topic',
  off_topic: 'no keyword matched and the knowledge bases did not match closely enough',
  too_long: 'it is too long to check whole (special characters expand when compared)',
};

/** "Answered, because …" / "Refused, because …" for a dry run's decision. */
export function decisionInWords(result: Pick<TContextRuleTestResult, 'decision' | 'reason'>) {
  const verdict = result.decision === 'answer' ? 'Answered' : 'Refused';
  return `${verdict}, because ${REASONS[result.reason] ?? result.reason.replace(/_/g, ' ')}`;
}

/** A list of matched terms, or "none". */
export function termsInWords(terms: readonly string[]): string {
  return terms.length === 0 ? 'none' : terms.join(', ');
}
