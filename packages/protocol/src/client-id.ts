/**
 * A `clientId` for an idempotent send (`message:send`, an agent's reply): the time in ms (12 hex
 * digits) then 80 random bits (20 hex digits). Time first, so the ids a server receives in a
 * moment sort together: the database's unique index on `(client_id, session_id)` takes each
 * batch of new messages in one or two pages instead of one page per message (a random id cost
 * a SQLite batch of 25 messages about 30 pages of writes; see `docs/decisions/0009-group-commit.md`).
 * Uses `getRandomValues`, which, unlike `randomUUID`, also works outside secure contexts.
 *
 * @example
 *   socket.emit('message:send', { sessionId, clientId: createClientId(), content });
 */
export function createClientId(now = Date.now()): string {
  const random = crypto.getRandomValues(new Uint8Array(10));
  const hex = Array.from(random, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return now.toString(16).padStart(12, '0') + hex;
}
