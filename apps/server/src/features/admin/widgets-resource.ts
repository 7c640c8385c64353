import { randomBytes } from 'node:crypto';
import { ZWidgetCreateSchema, ZWidgetUpdateSchema, type TWidget } from '@parley/protocol';
import type { Database, WidgetConfig } from '@parley/db';
import type { SecretCipher } from '../../app/secret-cipher.ts';
import type { DomainEvents } from '../../app/domain-events.ts';
import type { CrudResource } from './crud-routes.ts';
import { presentWidget } from './resource-presenters.ts';
import { assertExists } from './resource-json.ts';

/** A public widget key: `wk_` and 24 random hex characters. */
export function generateWidgetKey(): string {
  return `wk_${randomBytes(12).toString('hex')}`;
}

/**
 * Widgets. The identity secret is generated on request, stored encrypted, answered once
 * (create, or update with `identityVerification: true`) and never again; reads say only
 * `hasIdentitySecret`.
 */
export function widgetsResource(
  db: Database,
  parts: { events: DomainEvents; cipher: SecretCipher },
): CrudResource<WidgetConfig, TWidget, TWidget, { identitySecret: string }> {
  const { events, cipher } = parts;
  const { WidgetConfig: Widgets, ContextRule, ApiKey } = db.models;
  // The plain secret of the request being answered, for `once` (the row holds ciphertext).
  const shownOnce = new WeakMap<Record<string, unknown>, string>();
  const prepare = async (input: Record<string, unknown>) => {
    const { identityVerification, ...rest } = input;
    await assertExists(ContextRule, rest.contextRuleId as string | null, 'contextRuleId');
    const routes = (rest.contextRoutes ?? []) as { contextRuleId: string }[];
    await assertExists(
      ContextRule,
      routes.map((route) => route.contextRuleId),
      'contextRoutes',
    );
    await assertExists(ApiKey, rest.providerKeyIds as string[] | null, 'providerKeyIds');
    if (identityVerification === true) {
      const secret = randomBytes(32).toString('hex');
      rest.identitySecret = cipher.encrypt(secret, 'identityVerification');
      shownOnce.set(input, secret);
    }
    if (identityVerification === false) rest.identitySecret = null;
    return rest;
  };
  return {
    path: 'widgets',
    auditName: 'widget',
    model: Widgets,
    createSchema: ZWidgetCreateSchema,
    updateSchema: ZWidgetUpdateSchema,
    present: presentWidget,
    toCreate: async (input) => ({ ...(await prepare(input)), widgetKey: generateWidgetKey() }),
    toUpdate: (input) => prepare(input),
    once(input) {
      const secret = shownOnce.get(input);
      return secret === undefined ? undefined : { identitySecret: secret };
    },
    afterChange(row) {
      // Open widgets refetch their public config (the /widget gateway listens).
      events.emit('widget:updated', { widgetId: row.id, widgetKey: row.widgetKey });
    },
  };
}
