/**
 * Format characters (Unicode category Cf: tag characters U+E0000–E007F, zero-width spaces and
 * joiners, bidi controls…) and variation selectors render as nothing, yet a model reads them:
 * tag characters spell ASCII text. The cache key folds them away, so a question carrying a hidden
 * instruction would share its key with the honest question and plant its answer for everyone.
 * Removing them from the question before both the key and the provider closes that channel.
 *
 * @example
 * stripInvisible('Refunds?\u{E0049}\u{E0067}'); // 'Refunds?'
 */
export function stripInvisible(text: string): string {
  return text.replace(/[\p{Cf}\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu, '');
}
