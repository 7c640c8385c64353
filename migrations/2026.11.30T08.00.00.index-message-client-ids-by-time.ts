import type { MigrationFn } from '@parley/db/migration';

/**
 * The unique index on a message's clientId leads with `client_id` instead of `session_id`.
 * Same rule (a clientId once per session), but clientIds now begin with the time
 * (`createClientId`), so a batch of new messages adds its entries at the end of the index, in
 * one or two pages. Led by the session, each message of a batch landed in its own session's
 * page: on SQLite about 37 of the 120 pages a batch of 25 messages wrote (`pnpm bench`; see
 * `docs/decisions/0009-group-commit.md`). The new index is built before the old one goes, so
 * the rule holds throughout.
 */
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.addIndex('chat_messages', ['client_id', 'session_id'], {
    name: 'chat_messages_client_session',
    unique: true,
  });
  await queryInterface.removeIndex('chat_messages', 'chat_messages_session_client');
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.addIndex('chat_messages', ['session_id', 'client_id'], {
    name: 'chat_messages_session_client',
    unique: true,
  });
  await queryInterface.removeIndex('chat_messages', 'chat_messages_client_session');
};
