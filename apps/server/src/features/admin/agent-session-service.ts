import { AppError, type TMessage, type TSession, type TSessionStatus } from '@parley/protocol';
import type { Database } from '@parley/db';
import { toMessage, toSession, type MessageRow } from '../conversations/conversation-mapping.ts';
import type { ConversationService } from '../conversations/conversation-service.ts';
import type { SessionHolder, TransitionSession } from '../conversations/session-transitions.ts';
import { parseId } from './resource-json.ts';

/** Messages an agent sees on joining; older ones come from `GET /sessions/:id/messages`. */
const JOIN_HISTORY = 200;

/** Who acts: a staff user, or an API key's bot (no user id, the key's name). */
export type SessionActor = SessionHolder;

export interface AgentSessionService {
  join(sessionId: string): Promise<{ session: TSession; messages: TMessage[] }>;
  /** The agent holds the session: status `agent`; the AI stays silent until released. */
  takeover(agent: SessionActor, sessionId: string): Promise<TSession>;
  /** Hands the session to a named active staff user: status `agent`, the AI stays silent. */
  assign(input: { sessionId: string; userId: string }): Promise<TSession>;
  /** Back to the AI: status `open`, unassigned. */
  release(agent: SessionActor, sessionId: string): Promise<TSession>;
  close(agent: SessionActor, sessionId: string): Promise<TSession>;
  /** An agent's reply; takes the session over first if the agent does not hold it yet. */
  send(
    agent: SessionActor,
    input: { sessionId: string; clientId: string; content: string },
  ): Promise<TMessage>;
}

export function createAgentSessionService(parts: {
  db: Database;
  conversations: ConversationService;
  transition: TransitionSession;
}): AgentSessionService {
  const { db, conversations, transition } = parts;
  const { ChatSession: Sessions, ChatMessage: Messages, User: Users } = db.models;

  const find = async (sessionId: string) => {
    const row = await Sessions.findByPk(parseId(sessionId, 'sessionId'));
    if (!row) throw new AppError('NOT_FOUND', 'No such session', { field: 'sessionId' });
    return row;
  };
  const notice = (sessionId: string, content: string) =>
    conversations.appendMessage({ sessionId, senderType: 'system', content });
  /**
   * Moves the session from the status and holder read here to `status` and `holder` (null:
   * nobody, or an API key's bot); if another change got there first, CONFLICT.
   */
  const setStatus = async (
    sessionId: string,
    status: TSessionStatus,
    holder: SessionActor | null,
  ): Promise<TSession> => {
    const row = await find(sessionId);
    return transition(row.id, {
      from: row.status,
      to: status,
      holder,
      heldBy: row.assignedUserId,
    });
  };

  const takeover: AgentSessionService['takeover'] = async (agent, sessionId) => {
    const session = await setStatus(sessionId, 'agent', agent);
    await notice(session.id, `${agent.fullName} joined the conversation`);
    return session;
  };

  return {
    async join(sessionId) {
      const row = await find(sessionId);
      const rows = await Messages.findAll({
        where: { sessionId: row.id },
        order: [['seq', 'DESC']],
        limit: JOIN_HISTORY,
      });
      return {
        session: toSession(row),
        messages: rows.reverse().map((message) => toMessage(message as MessageRow)),
      };
    },
    takeover,
    async assign({ sessionId, userId }) {
      const assignee = await Users.findByPk(parseId(userId, 'userId'));
      if (!assignee || !assignee.isActive || !['admin', 'agent'].includes(assignee.role))
        throw new AppError('NOT_FOUND', 'No such active agent', { field: 'userId' });
      const { assignedUserId: before } = await find(sessionId);
      const session = await setStatus(sessionId, 'agent', assignee);
      // The visitor sees who is now answering, not who handed it over.
      if (before !== assignee.id)
        await notice(session.id, `${assignee.fullName} joined the conversation`);
      return session;
    },
    async release(agent, sessionId) {
      const session = await setStatus(sessionId, 'open', null);
      await notice(session.id, `${agent.fullName} handed the conversation back to the assistant`);
      return session;
    },
    async close(agent, sessionId) {
      const session = await setStatus(sessionId, 'closed', agent);
      await notice(session.id, `${agent.fullName} closed the conversation`);
      return session;
    },
    async send(agent, { sessionId, clientId, content }) {
      // Before taking the session over: a refused reply changes nothing.
      conversations.checkContent(content);
      const row = await find(sessionId);
      if (row.status !== 'agent' || row.assignedUserId !== agent.id) await takeover(agent, row.id);
      const { message } = await conversations.appendMessage({
        sessionId: row.id,
        senderType: 'agent',
        senderId: agent.id,
        senderName: agent.fullName,
        clientId,
        content,
      });
      return message;
    },
  };
}
