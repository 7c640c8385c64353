export const MODERATION_RULE_ACTIONS = ['flag', 'block', 'replace'] as const;
export type ModerationRuleAction = (typeof MODERATION_RULE_ACTIONS)[number];

/** A moderation rule as the engine sees it (the `moderation_rules` row, mapped). */
export interface ModerationRuleInput {
  readonly id: string;
  readonly pattern: string;
  readonly isRegex: boolean;
  readonly action: ModerationRuleAction;
  readonly replacement?: string | null;
  readonly isActive: boolean;
}

/** What a text gets: the strongest action of the rules that matched. */
export type ModerationVerdict = 'allow' | ModerationRuleAction;

export interface ModerationResult {
  readonly action: ModerationVerdict;
  /** The text with every `replace` match substituted (the original when nothing was replaced). */
  readonly text: string;
  /** Ids of every rule that matched, in rule order. */
  readonly matchedRuleIds: readonly string[];
}

/** Limits every rule and every evaluation obeys. */
export const MODERATION_LIMITS = {
  /** Longest pattern an admin may save. */
  maxPatternLength: 500,
  maxReplacementLength: 200,
  /** Longest text evaluated; longer texts are blocked unread (messages are 4,000 by default). */
  maxInputLength: 16_000,
  /** Matches collected per rule and text, so a replacement stays linear. */
  maxMatchesPerRule: 1_000,
  /** A regex rule may cost at most this long on a text of `maxInputLength` (probed on save). */
  maxRegexCostMs: 20,
} as const;
