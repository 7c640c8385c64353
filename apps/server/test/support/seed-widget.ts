import { randomBytes } from 'node:crypto';
import type { Database, WidgetConfig } from '@parley/db';
import type { SecretCipher } from '../../src/app/secret-cipher.ts';

/**
 * A widget as an admin would create it: a fresh key, the given allowed origins and, optionally,
 * an identity secret (stored encrypted with `cipher`, as the admin API stores it). Use it in any server test that needs a widget.
 *
 * @example
 * const widget = await seedWidget(db, { allowedOrigins: ['https://shop.example.com'] });
 */
export async function seedWidget(
  db: Database,
  options: {
    allowedOrigins?: string[];
    identitySecret?: string;
    cipher?: SecretCipher;
    name?: string;
  } = {},
): Promise<WidgetConfig> {
  const { identitySecret, cipher } = options;
  if (identitySecret !== undefined && !cipher) throw new Error('an identity secret needs a cipher');
  return db.models.WidgetConfig.create({
    widgetKey: `wk_${randomBytes(12).toString('hex')}`,
    name: options.name ?? 'Test widget',
    allowedOrigins: options.allowedOrigins ?? ['https://shop.example.com'],
    identitySecret:
      identitySecret === undefined ? null : cipher!.encrypt(identitySecret, 'identitySecret'),
  });
}
