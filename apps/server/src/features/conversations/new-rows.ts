import type { Sequelize } from 'sequelize';
import { sqlDateTime } from '@parley/db';
import type { InsertTable } from './batched-insert.ts';
import type { SessionRow } from './conversation-mapping.ts';

/**
 * The rows a new visitor's connection creates, as the batched insert writes them. Columns left
 * out take their defaults (`is_verified` false; `status` open, `last_seq` 0, `is_active` true).
 */

export interface NewVisitorRow {
  id: string;
  widgetId: string;
  at: Date;
}

export function visitorsTable(sequelize: Sequelize): InsertTable<NewVisitorRow> {
  return {
    name: 'visitors',
    columns: ['id', 'widget_id', 'first_seen_at', 'last_seen_at', 'created_at', 'updated_at'],
    values: ({ id, widgetId, at }) => {
      const time = sqlDateTime(sequelize, at);
      return [id, widgetId, time, time, time, time];
    },
  };
}

export function sessionsTable(sequelize: Sequelize): InsertTable<SessionRow> {
  return {
    name: 'chat_sessions',
    columns: [
      'id',
      'widget_id',
      'visitor_id',
      'metadata',
      'created_at',
      'updated_at',
      'last_message_at',
    ],
    values: (row) => {
      const created = sqlDateTime(sequelize, row.createdAt);
      return [
        row.id,
        row.widgetId,
        row.visitorId,
        row.metadata === null ? null : JSON.stringify(row.metadata),
        created,
        created,
        sqlDateTime(sequelize, row.lastMessageAt),
      ];
    },
  };
}
