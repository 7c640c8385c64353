import { compileLinear } from './linear-regexp.ts';
import {
  compilePhrase,
  findPhrase,
  type CompiledPhrase,
  type MatchSpan,
} from './phrase-matcher.ts';
import { findRegex, foldForRegex, type FoldedText } from './regex-text.ts';
import {
  MODERATION_LIMITS,
  type ModerationResult,
  type ModerationRuleInput,
  type ModerationVerdict,
} from './rule-types.ts';
import { skeletonOf, type SkeletonLetter } from './skeleton.ts';

interface CompiledRule {
  readonly rule: ModerationRuleInput;
  readonly phrase?: CompiledPhrase;
  readonly regexp?: RegExp;
}

/** Active rules compiled once, ready to evaluate many texts (what a server caches). */
export interface CompiledRuleSet {
  readonly rules: readonly CompiledRule[];
  /** Rules that could not be compiled (saved before validation existed, or edited in the database). */
  readonly skipped: readonly { readonly id: string; readonly reason: string }[];
}

const STRENGTH: Record<ModerationVerdict, number> = { allow: 0, flag: 1, replace: 2, block: 3 };

/** Compiles the active rules; a rule that fails to compile is skipped and reported, never thrown. */
export function compileRules(rules: readonly ModerationRuleInput[]): CompiledRuleSet {
  const compiled: CompiledRule[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const rule of rules) {
    if (!rule.isActive) continue;
    if (rule.pattern.length > MODERATION_LIMITS.maxPatternLength) {
      skipped.push({ id: rule.id, reason: 'pattern too long' });
    } else if (!rule.isRegex) {
      compiled.push({ rule, phrase: compilePhrase(rule.pattern) });
    } else {
      const result = compileLinear(rule.pattern);
      if (result.ok) compiled.push({ rule, regexp: result.regexp });
      else skipped.push({ id: rule.id, reason: result.reason });
    }
  }
  return { rules: compiled, skipped };
}

function replaceSpans(
  text: string,
  replacements: readonly (MatchSpan & { with: string })[],
): string {
  const ordered = [...replacements].sort((a, b) => a.start - b.start || b.end - a.end);
  let result = '';
  let cursor = 0;
  for (const span of ordered) {
    if (span.start < cursor) continue; // overlaps an earlier replacement: that one wins
    result += text.slice(cursor, span.start) + span.with;
    cursor = span.end;
  }
  return result + text.slice(cursor);
}

/**
 * Runs every rule on a text and returns the strongest action (block > replace > flag > allow),
 * the text with `replace` matches substituted, and the ids of the rules that matched. Running
 * time is linear in the text: phrases use a skeleton walk, regexes V8's linear engine.
 *
 * @example
 * evaluate('You are an IDI0T', [{ id: 'r1', pattern: 'idiot', isRegex: false, action: 'replace', replacement: '***', isActive: true }])
 * // { action: 'replace', text: 'You are an ***', matchedRuleIds: ['r1'] }
 */
export function evaluate(
  text: string,
  rules: readonly ModerationRuleInput[] | CompiledRuleSet,
): ModerationResult {
  const ruleSet = Array.isArray(rules)
    ? compileRules(rules as readonly ModerationRuleInput[])
    : (rules as CompiledRuleSet);
  if (text.length > MODERATION_LIMITS.maxInputLength) {
    return { action: 'block', text, matchedRuleIds: [] };
  }
  let skeleton: SkeletonLetter[] | undefined;
  let folded: FoldedText | undefined;
  let action: ModerationVerdict = 'allow';
  const matchedRuleIds: string[] = [];
  const replacements: (MatchSpan & { with: string })[] = [];
  for (const { rule, phrase, regexp } of ruleSet.rules) {
    const max = MODERATION_LIMITS.maxMatchesPerRule;
    const spans = phrase
      ? findPhrase((skeleton ??= skeletonOf(text)), phrase, max)
      : findRegex((folded ??= foldForRegex(text)), regexp as RegExp, max);
    if (spans.length === 0) continue;
    matchedRuleIds.push(rule.id);
    if (STRENGTH[rule.action] > STRENGTH[action]) action = rule.action;
    if (rule.action === 'replace') {
      for (const span of spans) replacements.push({ ...span, with: rule.replacement ?? '' });
    }
  }
  return { action, text: replaceSpans(text, replacements), matchedRuleIds };
}
