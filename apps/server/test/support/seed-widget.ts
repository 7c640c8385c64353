import { randomBytes } from 'node:crypto';
import type { Database, WidgetConfig } from '@parley/db';

/**
 * A widget as an admin would create it: a fresh key, the given allowed origins and, optionally,
 * an identity secret. Use it in any server test that needs a widget.
 *
 * @example
 * const widget = await seedWidget(db, { allowedOrigins: ['https://shop.example.com'] });
 */
export async function seedWidget(
  db: Database,
  options: { allowedOrigins?: string[]; identitySecret?: string; name?: string } = {},
): Promise<WidgetConfig> {
  return db.models.WidgetConfig.create({
    widgetKey: `wk_${randomBytes(12).toString('hex')}`,
    name: options.name ?? 'Test widget',
    allowedOrigins: options.allowedOrigins ?? ['https://shop.example.com'],
    identitySecret: options.identitySecret ?? null,
  });
}
