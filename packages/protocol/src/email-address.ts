/**
 * One address: exactly one `@`, a non-empty local part and a domain of two or more non-empty
 * labels. Neither part may hold whitespace, controls, invisible format characters (a soft
 * hyphen, a zero-width space: the mailer drops them, so one inbox could be written many ways and
 * slip past the per-inbox mail limit), dots other than `.` (`。` `．` `｡`, which IDNA maps to
 * one), or what separates, groups, quotes or comments addresses in a header (`,` `;` `:` `<`
 * `>` `"` `(` `)` `[` `]` `\`). Each repeated class excludes the character that ends it (`@`,
 * `.`), so matching is linear in the input's length.
 */
const ONE_ADDRESS =
  /^[^\s@,;:<>"()[\]\\\p{Cc}\p{Cf}\u3002\uFF0E\uFF61]+@[^\s@,;:<>"()[\]\\\p{Cc}\p{Cf}\u3002\uFF0E\uFF61.]+(?:\.[^\s@,;:<>"()[\]\\\p{Cc}\p{Cf}\u3002\uFF0E\uFF61.]+)+$/u;

/** Addresses longer than this are refused (the `visitors.email` column's width). */
export const MAX_EMAIL_LENGTH = 255;

/**
 * Whether `value` is one email address Parley may store and mail: never a list
 * (`a@x.test, b@y.test`), a display name (`Ana <a@x.test>`) or a header (`a@x.test\r\nBcc: …`).
 *
 * Not zod's `.email()`: it refuses internationalised addresses (`josé@exemple.fr`,
 * `ana@exämple.de`), which real customers have. What matters here is only that Parley cannot be
 * made to mail more than one inbox, so the check refuses the characters that separate, quote or
 * comment addresses and accepts any other Unicode; whether the inbox exists is for the
 * confirmation mail to find out.
 *
 * @example
 * isOneEmailAddress('josé@exemple.fr'); // true
 * isOneEmailAddress('a@x.test, b@y.test'); // false
 * isOneEmailAddress('Ana <a@x.test>'); // false
 */
export function isOneEmailAddress(value: string): boolean {
  return value.length <= MAX_EMAIL_LENGTH && ONE_ADDRESS.test(value);
}
