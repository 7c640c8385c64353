import { describe, expectTypeOf, it } from 'vitest';
import type {
  Ack,
  AdminClientToServerEvents,
  AdminServerToClientEvents,
  TAgentMessage,
  TConversationNote,
  TMessage,
  TSessionAssign,
  TSessionAssigned,
  TSession,
  TSessionSummary,
  TStaffTyping,
} from '../index.ts';

describe('admin event map', () => {
  it('types an agent reply and its ack', () => {
    type Send = AdminClientToServerEvents['message:send'];
    expectTypeOf<Parameters<Send>[0]>().toEqualTypeOf<TAgentMessage>();
    expectTypeOf<keyof TAgentMessage>().toEqualTypeOf<'sessionId' | 'clientId' | 'content'>();
    type Reply = Parameters<Parameters<Send>[1]>[0];
    expectTypeOf<Reply>().toEqualTypeOf<Ack<{ message: TMessage }>>();
  });

  it('types session actions with their acks', () => {
    type Join = AdminClientToServerEvents['session:join'];
    expectTypeOf<Parameters<Join>[0]>().toEqualTypeOf<{ sessionId: string }>();
    expectTypeOf<Parameters<Parameters<Join>[1]>[0]>().toEqualTypeOf<
      Ack<{ session: TSession; messages: TMessage[] }>
    >();
    type Note = Parameters<Parameters<AdminClientToServerEvents['note:add']>[1]>[0];
    expectTypeOf<Note>().toEqualTypeOf<Ack<{ note: TConversationNote }>>();
    const takeover = (() => undefined) as AdminClientToServerEvents['session:takeover'];
    takeover({ sessionId: 's' }, () => undefined);
    // @ts-expect-error the field is `sessionId`
    takeover({ id: 's' }, () => undefined);
  });

  it('pushes inbox lines and committed messages to staff', () => {
    expectTypeOf<
      Parameters<AdminServerToClientEvents['session:new']>[0]
    >().toEqualTypeOf<TSessionSummary>();
    expectTypeOf<
      Parameters<AdminServerToClientEvents['message:new']>[0]
    >().toEqualTypeOf<TMessage>();
    expectTypeOf<
      Parameters<AdminServerToClientEvents['typing']>[0]
    >().toEqualTypeOf<TStaffTyping>();
    expectTypeOf<keyof AdminServerToClientEvents>().toEqualTypeOf<
      | 'session:new'
      | 'session:update'
      | 'message:new'
      | 'message:update'
      | 'flag:new'
      | 'handoff:requested'
      | 'note:new'
      | 'typing'
      | 'session:assigned'
      | 'presence:update'
    >();
  });
});

describe('assignment events', () => {
  it('types the assign request and the holder push', () => {
    type Assign = AdminClientToServerEvents['session:assign'];
    expectTypeOf<Parameters<Assign>[0]>().toEqualTypeOf<TSessionAssign>();
    expectTypeOf<
      Parameters<AdminServerToClientEvents['session:assigned']>[0]
    >().toEqualTypeOf<TSessionAssigned>();
  });
});
