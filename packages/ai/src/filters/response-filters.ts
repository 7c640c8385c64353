import { z } from 'zod';
import { AppError } from '@parley/protocol';
import { compileSafePattern, findMatches } from './safe-pattern.ts';

/** One step of `response_filters` (SPEC §5.6); the same shape as the db model's `ResponseFilter`. */
export const ZResponseFilterSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('redact'), pattern: z.string(), replacement: z.string().max(200) }),
  z.object({ type: z.literal('max_length'), maxLength: z.number().int().min(1).max(20_000) }),
  z.object({
    type: z.literal('block_if_matches'),
    pattern: z.string(),
    fallback: z.string().min(1).max(2_000),
  }),
  z.object({
    type: z.literal('allow_links'),
    domains: z.array(z.string().min(1).max(253)).max(100),
  }),
  z.object({ type: z.literal('append'), text: z.string().min(1).max(2_000) }),
]);
export type TResponseFilter = z.infer<typeof ZResponseFilterSchema>;

/** Answers longer than this are cut before patterns run, so a filter's cost is bounded. */
export const MAX_FILTERED_LENGTH = 20_000;

/**
 * Validates filters when a rule is saved: shape, and every pattern compiled and proven safe.
 * Errors name the field, e.g. `responseFilters.2.pattern`.
 */
export function validateResponseFilters(value: unknown): TResponseFilter[] {
  const parsed = z
    .array(ZResponseFilterSchema)
    .max(50)
    .safeParse(value ?? []);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['responseFilters', ...(issue?.path ?? [])].join('.');
    throw new AppError('INVALID_PAYLOAD', issue?.message ?? 'invalid response filters', { field });
  }
  parsed.data.forEach((filter, index) => {
    if (filter.type === 'redact' || filter.type === 'block_if_matches')
      compileSafePattern(filter.pattern, `responseFilters.${index}.pattern`);
  });
  return parsed.data;
}

export interface FilteredAnswer {
  text: string;
  /** A `block_if_matches` filter replaced the answer with its fallback. */
  isBlocked: boolean;
  applied: TResponseFilter['type'][];
}

/**
 * Applies filters in order. A block replaces the whole answer with its fallback and stops.
 *
 * @example
 * applyResponseFilters('Call 555-1234', [{ type: 'redact', pattern: '\\d{3}-\\d{4}', replacement: '[phone]' }]).text
 * // 'Call [phone]'
 */
export function applyResponseFilters(
  answer: string,
  filters: readonly TResponseFilter[],
): FilteredAnswer {
  let text = answer.slice(0, MAX_FILTERED_LENGTH);
  const applied: TResponseFilter['type'][] = [];
  for (const [index, filter] of filters.entries()) {
    const field = `responseFilters.${index}.pattern`;
    const before = text;
    switch (filter.type) {
      case 'redact':
        text = redact(text, compileSafePattern(filter.pattern, field), filter.replacement);
        break;
      case 'max_length':
        text = truncate(text, filter.maxLength);
        break;
      case 'block_if_matches':
        if (findMatches(compileSafePattern(filter.pattern, field), text).length > 0)
          return { text: filter.fallback, isBlocked: true, applied: [...applied, filter.type] };
        break;
      case 'allow_links':
        text = stripForeignLinks(text, filter.domains);
        break;
      case 'append':
        text = `${text}\n\n${filter.text}`;
        break;
    }
    if (text !== before) applied.push(filter.type);
  }
  return { text, isBlocked: false, applied };
}

/** Replaces each match (found case-insensitively) with the literal replacement text. */
function redact(text: string, pattern: RegExp, replacement: string): string {
  let result = '';
  let cursor = 0;
  for (const span of findMatches(pattern, text)) {
    result += text.slice(cursor, span.start) + replacement;
    cursor = span.end;
  }
  return result + text.slice(cursor);
}

function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return `${text.slice(0, Math.max(0, maxLength - 1)).trimEnd()}…`;
}

const MARKDOWN_LINK = /\[([^\]\n]{0,500})\]\(([^)\s]{1,2048})\)/g;
const BARE_URL = /\b(?:https?:\/\/|www\.)[^\s<>()]{1,2048}/gi;

/** Keeps links to the listed domains (and their subdomains); others lose their target. */
export function stripForeignLinks(text: string, domains: readonly string[]): string {
  const allowed = domains.map((domain) => domain.toLowerCase().replace(/^\*\./, ''));
  const isAllowed = (url: string): boolean => {
    try {
      const host = new URL(url.startsWith('www.') ? `https://${url}` : url).hostname.toLowerCase();
      return allowed.some((domain) => host === domain || host.endsWith(`.${domain}`));
    } catch {
      return false;
    }
  };
  return text
    .replace(MARKDOWN_LINK, (whole, label: string, url: string) => (isAllowed(url) ? whole : label))
    .replace(BARE_URL, (url) => (isAllowed(url) ? url : '[link removed]'));
}
