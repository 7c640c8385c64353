import {
  ZErrorCodeSchema,
  ZMessageSourceSchema,
  type TMessage,
  type TSenderType,
  type TMessageStatus,
  type TSession,
  type TSessionStatus,
} from '@parley/protocol';
import { z } from 'zod';

/** The columns of `chat_messages` this feature reads (a model instance fits). */
export interface MessageRow {
  id: string;
  sessionId: string;
  seq: number;
  clientId: string | null;
  senderType: TSenderType;
  content: string;
  status: TMessageStatus;
  metadata: unknown;
  createdAt: Date;
}

/** The columns of `chat_sessions` this feature reads. */
export interface SessionRow {
  id: string;
  widgetId: string;
  visitorId: string;
  status: TSessionStatus;
  title: string | null;
  lastSeq: number;
  metadata: unknown;
  createdAt: Date;
  lastMessageAt: Date;
}

/** What `chat_messages.metadata` may hold; anything else in it stays server-side. */
const ZMessageMetadataSchema = z
  .object({
    senderName: z.string().optional(),
    sources: z.array(ZMessageSourceSchema).optional(),
    suggestions: z.array(z.string()).optional(),
    isIncomplete: z.boolean().optional(),
    code: ZErrorCodeSchema.optional(),
  })
  .catch({});
export type TMessageMetadata = z.infer<typeof ZMessageMetadataSchema>;

const ZSessionMetadataSchema = z
  .object({ page: z.object({ url: z.string(), title: z.string() }).optional() })
  .catch({});

/** A stored message as clients see it; `metadata` contributes only its public fields. */
export function toMessage(row: MessageRow): TMessage {
  const meta = ZMessageMetadataSchema.parse(row.metadata ?? {});
  return {
    id: row.id,
    sessionId: row.sessionId,
    seq: row.seq,
    clientId: row.clientId,
    senderType: row.senderType,
    ...(meta.senderName !== undefined ? { senderName: meta.senderName } : {}),
    // A moderated message keeps its place (seq) but not its text: that stays for admins.
    content: row.status === 'moderated' ? '' : row.content,
    status: row.status,
    ...(meta.sources !== undefined ? { sources: meta.sources } : {}),
    ...(meta.suggestions !== undefined ? { suggestions: meta.suggestions } : {}),
    ...(meta.isIncomplete !== undefined ? { isIncomplete: meta.isIncomplete } : {}),
    ...(meta.code !== undefined ? { code: meta.code } : {}),
    createdAt: row.createdAt.toISOString(),
  };
}

export function toSession(row: SessionRow): TSession {
  const page = ZSessionMetadataSchema.parse(row.metadata ?? {}).page;
  return {
    id: row.id,
    widgetId: row.widgetId,
    visitorId: row.visitorId,
    status: row.status,
    title: row.title,
    lastSeq: row.lastSeq,
    pageUrl: page?.url ?? null,
    pageTitle: page?.title ?? null,
    createdAt: row.createdAt.toISOString(),
    lastMessageAt: row.lastMessageAt.toISOString(),
  };
}

/** Session title from the first visitor message: one line, at most 80 characters. */
export function titleFrom(content: string): string {
  const line = content.replace(/\s+/g, ' ').trim();
  return line.length <= 80 ? line : `${line.slice(0, 79)}…`;
}
