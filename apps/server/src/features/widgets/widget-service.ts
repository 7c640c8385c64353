import { createHash } from 'node:crypto';
import { Op } from 'sequelize';
import { AppError, type TWidgetPublicConfig } from '@parley/protocol';
import type { Database, WidgetConfig } from '@parley/db';
import { isOriginAllowed, isOwnOrigin } from './widget-origin.ts';

export interface WidgetService {
  /** The active widget with this public key, or `NOT_FOUND`. */
  findActiveByKey(widgetKey: string): Promise<WidgetConfig>;
  findActiveById(widgetId: string): Promise<WidgetConfig>;
  /**
   * Throws `ORIGIN_NOT_ALLOWED` unless `origin` may use the widget. A page served by Parley
   * itself (the `/embed/:key` frame), whose origin is the request's own `Host`, is always allowed.
   */
  assertOriginAllowed(widget: WidgetConfig, origin: string | undefined, ownHost?: string): void;
  /** The public face of a widget with its ETag (a hash of exactly what is sent). */
  publicConfig(widget: WidgetConfig): Promise<{ config: TWidgetPublicConfig; etag: string }>;
}

/**
 * Widgets as the public side sees them: looked up by key, guarded by origin, and mapped to a
 * public config that never carries secrets, excluded topics, prompts or filters.
 *
 * @example
 * const widget = await widgets.findActiveByKey('wk_demo');
 * widgets.assertOriginAllowed(widget, req.headers.origin);
 */
export function createWidgetService(db: Database): WidgetService {
  const { WidgetConfig: Widgets, ContextRule } = db.models;
  const notFound = () => new AppError('NOT_FOUND', 'No such widget');
  return {
    async findActiveByKey(widgetKey) {
      const widget = await Widgets.findOne({ where: { widgetKey, isActive: true } });
      if (!widget) throw notFound();
      return widget;
    },
    async findActiveById(widgetId) {
      const widget = await Widgets.findOne({ where: { id: widgetId, isActive: true } });
      if (!widget) throw notFound();
      return widget;
    },
    assertOriginAllowed(widget, origin, ownHost) {
      if (ownHost !== undefined && isOwnOrigin(origin, ownHost)) return;
      if (!isOriginAllowed(widget.allowedOrigins, origin))
        throw new AppError('ORIGIN_NOT_ALLOWED', 'This site is not allowed to use this widget', {
          field: 'origin',
        });
    },
    async publicConfig(widget) {
      const routes = widget.contextRoutes ?? [];
      const ruleIds = [widget.contextRuleId, ...routes.map((route) => route.contextRuleId)].filter(
        (id): id is string => typeof id === 'string',
      );
      const rules = ruleIds.length
        ? await ContextRule.findAll({ where: { id: { [Op.in]: ruleIds }, isActive: true } })
        : [];
      const ruleById = new Map(rules.map((rule) => [rule.id, rule]));
      const mainRule = widget.contextRuleId ? ruleById.get(widget.contextRuleId) : undefined;
      const config: TWidgetPublicConfig = {
        widgetKey: widget.widgetKey,
        title: widget.title,
        primaryColor: widget.primaryColor,
        position: widget.position,
        greeting: widget.greeting,
        placeholder: widget.placeholder,
        locale: widget.locale,
        theme: widget.theme,
        zIndex: widget.zIndex,
        initiallyOpen: widget.initiallyOpen,
        showOnMobile: widget.showOnMobile,
        handoffEnabled: widget.handoffEnabled,
        requiresIdentityHash: Boolean(widget.identitySecret),
        context: {
          contextName: widget.contextName,
          mode: widget.contextMode,
          topics: mainRule?.keywords ?? [],
          routes: routes.flatMap((route) => {
            const rule = ruleById.get(route.contextRuleId);
            return rule ? [{ pattern: route.pattern, contextName: rule.name }] : [];
          }),
        },
      };
      const etag = `"${createHash('sha256').update(JSON.stringify(config)).digest('base64url').slice(0, 27)}"`;
      return { config, etag };
    },
  };
}
