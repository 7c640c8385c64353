import { compileLinear } from './linear-regexp.ts';
import { compilePhrase } from './phrase-matcher.ts';
import {
  MODERATION_LIMITS,
  MODERATION_RULE_ACTIONS,
  type ModerationRuleInput,
} from './rule-types.ts';

export type RuleValidation =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly field: 'pattern' | 'replacement' | 'action';
      readonly reason: string;
    };

type RuleDraft = Pick<ModerationRuleInput, 'pattern' | 'isRegex' | 'action' | 'replacement'>;

/** Probe texts that make a regex work hardest: long runs of one letter, mixed words, near-misses. */
function probeTexts(length: number): string[] {
  const words = 'lorem ipsum dolor sit amet, consectetur adipiscing elit 0123456789 ';
  return ['a', 'ab', words, 'aaaaaaaaa!'].map((unit) =>
    unit.repeat(Math.ceil(length / unit.length)).slice(0, length),
  );
}

/**
 * Measures a linear regex on probe texts and extrapolates to the longest evaluated text: the
 * linear engine guarantees the cost grows in proportion to the text, this bounds the factor.
 */
export function estimateRegexCostMs(regexp: RegExp, probeLength = 2_000): number {
  let worst = 0;
  for (const text of probeTexts(probeLength)) {
    let best = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const started = performance.now();
      const matches = text.matchAll(regexp);
      for (let count = 0; count < MODERATION_LIMITS.maxMatchesPerRule; count += 1) {
        if (matches.next().done === true) break;
      }
      best = Math.min(best, performance.now() - started);
    }
    worst = Math.max(worst, best);
  }
  return (worst * MODERATION_LIMITS.maxInputLength) / probeLength;
}

function validateRegex(pattern: string): RuleValidation {
  const compiled = compileLinear(pattern);
  if (!compiled.ok) return { ok: false, field: 'pattern', reason: compiled.reason };
  if (compiled.regexp.test('')) {
    return {
      ok: false,
      field: 'pattern',
      reason: 'The pattern matches empty text, so it would match every message.',
    };
  }
  // A timing is only as steady as the machine: a busy moment can make a cheap pattern look
  // costly, never the reverse. A pattern over the limit is measured again and keeps the lower
  // figure, so only one that is costly twice is refused.
  let cost = estimateRegexCostMs(compiled.regexp);
  if (cost > MODERATION_LIMITS.maxRegexCostMs)
    cost = Math.min(cost, estimateRegexCostMs(compiled.regexp));
  if (cost > MODERATION_LIMITS.maxRegexCostMs) {
    return {
      ok: false,
      field: 'pattern',
      reason: `The pattern is too expensive (about ${Math.round(cost)} ms on a long message; the limit is ${MODERATION_LIMITS.maxRegexCostMs} ms): simplify it.`,
    };
  }
  return { ok: true };
}

/**
 * Checks a rule before it is saved, so a bad pattern is refused with a reason an admin can act on
 * instead of failing (or stalling the server) when messages arrive.
 *
 * @example
 * validateRule({ pattern: '(a)\\1', isRegex: true, action: 'flag' })
 * // { ok: false, field: 'pattern', reason: 'The pattern needs backtracking…' }
 */
export function validateRule(rule: RuleDraft): RuleValidation {
  if (!MODERATION_RULE_ACTIONS.includes(rule.action)) {
    return { ok: false, field: 'action', reason: 'The action must be flag, block or replace.' };
  }
  if (rule.pattern.length > MODERATION_LIMITS.maxPatternLength) {
    return {
      ok: false,
      field: 'pattern',
      reason: `The pattern is longer than ${MODERATION_LIMITS.maxPatternLength} characters.`,
    };
  }
  if (rule.action === 'replace') {
    const replacement = rule.replacement ?? '';
    if (replacement.length === 0 || replacement.length > MODERATION_LIMITS.maxReplacementLength) {
      return {
        ok: false,
        field: 'replacement',
        reason: `A replace rule needs a replacement of 1 to ${MODERATION_LIMITS.maxReplacementLength} characters.`,
      };
    }
  }
  if (rule.isRegex) return validateRegex(rule.pattern);
  if (compilePhrase(rule.pattern).letters.length < 2) {
    return {
      ok: false,
      field: 'pattern',
      reason: 'The phrase needs at least two letters or digits.',
    };
  }
  return { ok: true };
}
