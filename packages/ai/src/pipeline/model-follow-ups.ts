import type { KnowledgeHit } from '../knowledge/knowledge-index.ts';
import type { ChatProvider, ProviderUsage } from '../providers/chat-provider.ts';
import { foldText } from '../text/normalise-text.ts';

const MAX_SUGGESTIONS = 2;
const MAX_LENGTH = 120;
// The chips come with the final answer, so this call may hold it back only briefly.
export const FOLLOW_UP_TIMEOUT_MS = 4_000;
const MAX_TOKENS = 80;

const INSTRUCTION =
  'Suggest at most two short follow-up questions the visitor could ask next, answerable from the passages below. Write each on its own line, as the visitor would ask it, with nothing else.';

export interface ModelFollowUps {
  suggestions: string[];
  usage: ProviderUsage;
}

/**
 * Follow-up questions written by the model, in a second, small call after the answer: the
 * question, the answer, and the titles of the retrieved passages (so it suggests what the
 * documents can answer). Lines are cleaned of numbering and bullets; the visitor's own question
 * and anything long are dropped. Any failure or timeout gives no suggestions (the caller falls
 * back to related passages).
 *
 * @example
 * const { suggestions } = await askModelForFollowUps({ provider, question, answer, hits });
 */
export async function askModelForFollowUps(input: {
  provider: ChatProvider;
  question: string;
  answer: string;
  hits: readonly KnowledgeHit[];
  signal?: AbortSignal;
  timeoutMs?: number;
}): Promise<ModelFollowUps> {
  const timeout = AbortSignal.timeout(input.timeoutMs ?? FOLLOW_UP_TIMEOUT_MS);
  const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
  const titles = [...new Set(input.hits.map((hit) => hit.chunk.title).filter(Boolean))];
  let text = '';
  let usage: ProviderUsage = { tokensIn: null, tokensOut: null };
  try {
    for await (const event of input.provider.stream({
      messages: [
        {
          role: 'system',
          content: `${INSTRUCTION}\n\nPassages:\n${titles.map((title) => `- ${title}`).join('\n')}`,
        },
        { role: 'user', content: input.question },
        { role: 'assistant', content: input.answer },
      ],
      signal,
      maxTokens: MAX_TOKENS,
    })) {
      if (event.type === 'done') usage = event.usage;
      else text += event.text;
    }
  } catch {
    return { suggestions: [], usage };
  }
  return { suggestions: parseSuggestions(text, input.question), usage };
}

/** The questions of the model's reply, one a line, without numbering, bullets or quotes. */
export function parseSuggestions(text: string, question: string): string[] {
  const asked = foldText(question).trim();
  const seen = new Set<string>([asked]);
  const suggestions: string[] = [];
  for (const line of text.split('\n')) {
    const cleaned = line
      .replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '')
      .replace(/^["'“”]+|["'“”]+$/g, '')
      .trim();
    const key = foldText(cleaned);
    if (cleaned === '' || cleaned.length > MAX_LENGTH || seen.has(key)) continue;
    seen.add(key);
    suggestions.push(cleaned);
    if (suggestions.length === MAX_SUGGESTIONS) break;
  }
  return suggestions;
}
