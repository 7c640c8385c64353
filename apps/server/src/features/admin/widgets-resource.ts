import { randomBytes } from 'node:crypto';
import { ZWidgetCreateSchema, ZWidgetUpdateSchema } from '@parley/protocol';
import type { Database, WidgetConfig } from '@parley/db';
import type { ConversationEvents } from '../conversations/conversation-events.ts';
import type { CrudResource } from './crud-routes.ts';
import { assertExists, toResourceJson } from './resource-json.ts';

/** A public widget key: `wk_` and 24 random hex characters. */
export function generateWidgetKey(): string {
  return `wk_${randomBytes(12).toString('hex')}`;
}

/**
 * Widgets. The identity secret is generated on request, answered once (create, or update with
 * `identityVerification: true`) and never again; reads say only `hasIdentitySecret`.
 */
export function widgetsResource(
  db: Database,
  events: ConversationEvents,
): CrudResource<WidgetConfig> {
  const { WidgetConfig: Widgets, ContextRule } = db.models;
  const prepare = async (input: Record<string, unknown>) => {
    const { identityVerification, ...rest } = input;
    await assertExists(ContextRule, rest.contextRuleId as string | null, 'contextRuleId');
    const routes = (rest.contextRoutes ?? []) as { contextRuleId: string }[];
    await assertExists(
      ContextRule,
      routes.map((route) => route.contextRuleId),
      'contextRoutes',
    );
    if (identityVerification === true) rest.identitySecret = randomBytes(32).toString('hex');
    if (identityVerification === false) rest.identitySecret = null;
    return rest;
  };
  return {
    path: 'widgets',
    auditName: 'widget',
    model: Widgets,
    createSchema: ZWidgetCreateSchema,
    updateSchema: ZWidgetUpdateSchema,
    present: (row) => ({
      ...toResourceJson(row, ['identitySecret']),
      hasIdentitySecret: row.identitySecret !== null,
    }),
    toCreate: async (input) => ({ ...(await prepare(input)), widgetKey: generateWidgetKey() }),
    toUpdate: (input) => prepare(input),
    once(input, row) {
      if (input.identityVerification !== true || row.identitySecret === null) return undefined;
      return { identitySecret: row.identitySecret };
    },
    afterChange(row) {
      // Open widgets refetch their public config (the /widget gateway listens).
      events.emit('widget:updated', { widgetId: row.id, widgetKey: row.widgetKey });
    },
  };
}
