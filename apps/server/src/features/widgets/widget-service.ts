import { createHash } from 'node:crypto';
import { Op } from 'sequelize';
import { AppError, type TWidgetPublicConfig } from '@parley/protocol';
import type { Database, WidgetConfig } from '@parley/db';
import type { PreviewTickets } from './preview-ticket.ts';
import { isOriginAllowed, isOwnOrigin } from './widget-origin.ts';

/** What a request says about where it comes from. */
export interface RequestOrigin {
  /** The `Origin` header (`null` from a sandboxed page, absent from non-browser clients). */
  origin: string | undefined;
  /** The request's `Host`: a page served by Parley itself has it as its origin. */
  ownHost?: string;
  /** A dashboard preview ticket (handshake `auth` or the preview header). */
  previewTicket?: string;
}

export interface WidgetService {
  /** The active widget with this public key, or `NOT_FOUND`. */
  findActiveByKey(widgetKey: string): Promise<WidgetConfig>;
  findActiveById(widgetId: string): Promise<WidgetConfig>;
  /**
   * Throws `ORIGIN_NOT_ALLOWED` unless the request may use the widget: its origin is allowed
   * (`isOriginAllowed`), or it is a page served by Parley itself (origin = own `Host`), or it is
   * the dashboard's sandboxed preview (`Origin: null` with a valid ticket for this widget).
   */
  assertOriginAllowed(widget: WidgetConfig, request: RequestOrigin): void;
  /** The public face of a widget with its ETag (a hash of exactly what is sent). */
  publicConfig(widget: WidgetConfig): Promise<{ config: TWidgetPublicConfig; etag: string }>;
}

/**
 * Widgets as the public side sees them: looked up by key, guarded by origin, and mapped to a
 * public config that never carries secrets, excluded topics, prompts or filters.
 *
 * @example
 * const widget = await widgets.findActiveByKey('wk_demo');
 * widgets.assertOriginAllowed(widget, { origin: req.headers.origin });
 */
export function createWidgetService(db: Database, previewTickets: PreviewTickets): WidgetService {
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
    assertOriginAllowed(widget, { origin, ownHost, previewTicket }) {
      if (ownHost !== undefined && isOwnOrigin(origin, ownHost)) return;
      // Any sandboxed page says `null`; only the ticket tells the dashboard's preview apart.
      if (origin === 'null' && previewTicket !== undefined) {
        if (previewTickets.isValidFor(previewTicket, widget.widgetKey)) return;
        throw new AppError(
          'ORIGIN_NOT_ALLOWED',
          'The preview ticket is invalid or expired: reload the preview',
          { field: 'previewTicket' },
        );
      }
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
