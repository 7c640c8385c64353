// Rules and results
export {
  MODERATION_LIMITS,
  MODERATION_RULE_ACTIONS,
  type ModerationResult,
  type ModerationRuleAction,
  type ModerationRuleInput,
  type ModerationVerdict,
} from './rule-types.ts';

// Evaluating texts
export { compileRules, evaluate, type CompiledRuleSet } from './evaluate.ts';

// Saving rules
export { estimateRegexCostMs, validateRule, type RuleValidation } from './rule-validation.ts';
export { compileLinear, enableLinearRegExp, type CompileResult } from './linear-regexp.ts';

// Matching building blocks
export { skeletonOf, type SkeletonLetter } from './skeleton.ts';
export { foldForRegex, findRegex, matchFolded, type FoldedText } from './regex-text.ts';
export {
  compilePhrase,
  findPhrase,
  type CompiledPhrase,
  type MatchSpan,
} from './phrase-matcher.ts';
