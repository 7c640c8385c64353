import Bowser from 'bowser';
import { Op } from 'sequelize';
import { z } from 'zod';
import { AppError, type TVisitorPanel } from '@parley/protocol';
import type { Database } from '@parley/db';
import { toSession } from '../conversations/conversation-mapping.ts';
import { parseId } from './resource-json.ts';

/** Past conversations shown beside one; the panel is a glance, not a history browser. */
const MAX_PAST_CONVERSATIONS = 20;

/** What `session:start` stored about the visitor's browser (see the session service). */
const ZClientMetadataSchema = z
  .object({
    client: z
      .object({
        referrer: z.string().nullable().catch(null),
        locale: z.string().nullable().catch(null),
        userAgent: z.string().nullable().catch(null),
      })
      .partial()
      .optional(),
  })
  .catch({});

const ZAttributesSchema = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .catch({});

export interface VisitorPanelService {
  /** Who the visitor of a session is, where they came from, and what they asked before. */
  read(sessionId: string): Promise<TVisitorPanel>;
}

export function createVisitorPanelService(db: Database): VisitorPanelService {
  const { ChatSession: Sessions, Visitor } = db.models;
  return {
    async read(sessionId) {
      const session = await Sessions.findByPk(parseId(sessionId), {
        include: [{ model: Visitor, as: 'visitor' }],
      });
      const visitor = session?.visitor;
      if (!session || !visitor) throw new AppError('NOT_FOUND', 'No such session');
      const others = await Sessions.findAll({
        where: { visitorId: visitor.id, id: { [Op.ne]: session.id } },
        order: [
          ['lastMessageAt', 'DESC'],
          ['id', 'DESC'],
        ],
        limit: MAX_PAST_CONVERSATIONS,
      });
      const { pageUrl, pageTitle } = toSession(session);
      const client = ZClientMetadataSchema.parse(session.metadata ?? {}).client ?? {};
      const userAgent = client.userAgent ?? null;
      return {
        visitorId: visitor.id,
        name: visitor.name,
        email: visitor.email,
        externalId: visitor.externalId,
        isVerified: visitor.isVerified,
        attributes: ZAttributesSchema.parse(visitor.attributes ?? {}),
        pageUrl: pageUrl ?? null,
        pageTitle: pageTitle ?? null,
        referrer: client.referrer ?? null,
        locale: client.locale ?? null,
        browser: userAgent ? describeBrowser(userAgent) : null,
        userAgent,
        firstSeenAt: visitor.firstSeenAt.toISOString(),
        lastSeenAt: visitor.lastSeenAt.toISOString(),
        pastConversations: others.map((row) => ({
          id: row.id,
          title: row.title,
          status: row.status,
          createdAt: row.createdAt.toISOString(),
          lastMessageAt: row.lastMessageAt.toISOString(),
        })),
      };
    },
  };
}

/** "Chrome 120 on Linux" from a User-Agent; the raw header stays available beside it. */
export function describeBrowser(userAgent: string): string | null {
  const parsed = Bowser.parse(userAgent);
  const name = parsed.browser.name;
  if (!name) return null;
  const major = parsed.browser.version?.split('.')[0];
  const os = parsed.os.name;
  return `${name}${major ? ` ${major}` : ''}${os ? ` on ${os}` : ''}`;
}
