import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The one-time token that `POST /auth/setup` requires while no admin exists: the operator's
 * `PARLEY_SETUP_TOKEN`, or one derived from the installation's admin signing secret. Derived,
 * every node sharing `JWT_SECRET` prints the same link and a restart does not change it; once
 * the first admin exists no token opens setup again.
 *
 * @example
 * const token = resolveSetupToken(config.PARLEY_SETUP_TOKEN, secrets.adminJwtSecret);
 */
export function resolveSetupToken(configured: string | undefined, adminJwtSecret: Buffer): string {
  return (
    configured ??
    createHmac('sha256', adminJwtSecret).update('parley:setup-token').digest('base64url')
  );
}

/** Compares in constant time (over digests, so lengths may differ). */
export function isSameToken(expected: string, given: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/**
 * The dashboard's first-admin form with the token filled in: what a fresh install prints, so a
 * newcomer only has to click it.
 *
 * @example
 * setupLink('http://127.0.0.1:3000', token); // 'http://127.0.0.1:3000/admin/setup?token=…'
 */
export function setupLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/admin/setup?token=${encodeURIComponent(token)}`;
}
