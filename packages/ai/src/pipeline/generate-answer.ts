import type { TMessageSource } from '@parley/protocol';
import type { KnowledgeHit } from '../knowledge/knowledge-index.ts';
import type { ChatProvider, ProviderMessage, ProviderUsage } from '../providers/chat-provider.ts';
import { answerFromKnowledge } from '../providers/knowledge-answerer.ts';
import type { AnswerSink } from './pipeline-types.ts';

export interface GeneratedAnswer {
  text: string;
  sources: TMessageSource[];
  isUnknown: boolean;
  usage: ProviderUsage;
  latencyFirstTokenMs: number | null;
  /** The model that answered, when a model list fell back from the first. */
  fallbackModel: string | null;
}

export interface GenerateInput {
  /** `null`: the embedded knowledge answerer. */
  provider: ChatProvider | null;
  prompt: string;
  question: string;
  hits: KnowledgeHit[];
  minScore: number;
  sink: AnswerSink;
  /**
   * Stream deltas to the visitor. Off when a filter could change what was streamed (redact,
   * block, links): the visitor then sees only the filtered final message.
   */
  isStreamed: boolean;
  startedAt: number;
}

/** Runs the provider (or the knowledge answerer) and returns the raw, unfiltered answer. */
export async function generateAnswer(input: GenerateInput): Promise<GeneratedAnswer> {
  if (!input.provider) {
    const answer = answerFromKnowledge({
      question: input.question,
      hits: input.hits,
      minScore: input.minScore,
    });
    return {
      text: answer.text,
      sources: answer.sources,
      isUnknown: !answer.isKnown,
      usage: { tokensIn: null, tokensOut: null },
      latencyFirstTokenMs: performance.now() - input.startedAt,
      fallbackModel: null,
    };
  }
  input.sink.typing?.(true);
  let text = '';
  let firstTokenAt: number | null = null;
  let usage: ProviderUsage = { tokensIn: null, tokensOut: null };
  let fallbackModel: string | null = null;
  for await (const event of input.provider.stream({
    messages: toMessages(input),
    signal: input.sink.signal,
  })) {
    if (event.type === 'done') {
      usage = event.usage;
      if (event.fallbackUsed && event.model) fallbackModel = event.model;
      break;
    }
    firstTokenAt ??= performance.now();
    text += event.text;
    if (input.isStreamed) input.sink.delta?.(event.text);
  }
  return {
    text,
    sources: input.hits.map((hit) => ({
      title: hit.chunk.title ?? 'Knowledge base',
      ...(hit.chunk.url ? { url: hit.chunk.url } : {}),
    })),
    isUnknown: false,
    usage,
    latencyFirstTokenMs: firstTokenAt === null ? null : firstTokenAt - input.startedAt,
    fallbackModel,
  };
}

/** A template that contains the question is the whole user turn; otherwise it is the system prompt. */
function toMessages(input: GenerateInput): ProviderMessage[] {
  if (input.prompt.includes(input.question)) return [{ role: 'user', content: input.prompt }];
  return [
    { role: 'system', content: input.prompt },
    { role: 'user', content: input.question },
  ];
}
