import { describe, expectTypeOf, it } from 'vitest';
import type {
  Ack,
  EventAckResult,
  EventPayload,
  TMessage,
  TMessageReport,
  TMessageSend,
  TSession,
  TVisitorCredentials,
  TWidgetClientEvents,
  WidgetClientToServerEvents,
  WidgetServerToClientEvents,
} from './index.ts';

/*
 * These tests pin the field names of the `/widget` contract: renaming a field in a schema
 * (here or in entities.ts) without updating this file fails `pnpm test` of protocol, and the
 * server, widget and test clients typed from the same map stop compiling where they use it.
 */
describe('widget event map', () => {
  it('types message:send payload and ack', () => {
    type Send = WidgetClientToServerEvents['message:send'];
    expectTypeOf<Parameters<Send>[0]>().toEqualTypeOf<TMessageSend>();
    expectTypeOf<keyof TMessageSend>().toEqualTypeOf<'sessionId' | 'clientId' | 'content'>();
    expectTypeOf<Parameters<Parameters<Send>[1]>[0]>().toEqualTypeOf<Ack<{ message: TMessage }>>();
    expectTypeOf<keyof TMessage>().toEqualTypeOf<
      | 'id'
      | 'sessionId'
      | 'seq'
      | 'clientId'
      | 'senderType'
      | 'senderName'
      | 'content'
      | 'status'
      | 'sources'
      | 'suggestions'
      | 'isIncomplete'
      | 'code'
      | 'createdAt'
    >();
  });

  it('rejects a payload with a renamed or missing field', () => {
    const send = (() => undefined) as WidgetClientToServerEvents['message:send'];
    send({ sessionId: 's', clientId: 'c', content: 'hi' }, () => undefined);
    // @ts-expect-error `text` is not the field's name: callers using an old name stop compiling
    send({ sessionId: 's', clientId: 'c', text: 'hi' }, () => undefined);
    // @ts-expect-error the ack is required on message:send
    send({ sessionId: 's', clientId: 'c', content: 'hi' });
    const typing = (() => undefined) as WidgetClientToServerEvents['typing'];
    typing({ sessionId: 's', isTyping: true });
  });

  it('derives payloads and acks from the map', () => {
    expectTypeOf<EventPayload<TWidgetClientEvents, 'session:start'>>().toEqualTypeOf<{
      sessionId?: string | undefined;
      page: { url: string; title?: string | undefined; referrer?: string | undefined };
      locale?: string | undefined;
    }>();
    expectTypeOf<EventAckResult<TWidgetClientEvents, 'session:start'>>().toEqualTypeOf<{
      session: TSession;
      messages: TMessage[];
      visitor: TVisitorCredentials;
    }>();
    expectTypeOf<EventAckResult<TWidgetClientEvents, 'feedback'>>().toEqualTypeOf<object>();
    // identify drops an invalid email rather than failing, and says so.
    expectTypeOf<EventAckResult<TWidgetClientEvents, 'identify'>>().toEqualTypeOf<{
      visitor: TVisitorCredentials;
      ignored?: 'email'[] | undefined;
    }>();
    type Identify = Parameters<WidgetClientToServerEvents['identify']>[0];
    expectTypeOf<Identify['email']>().toEqualTypeOf<string | undefined>();
  });

  it('types message:report and the ban notice', () => {
    type Report = WidgetClientToServerEvents['message:report'];
    expectTypeOf<Parameters<Report>[0]>().toEqualTypeOf<TMessageReport>();
    expectTypeOf<Parameters<Report>[0]>().toHaveProperty('messageId').toEqualTypeOf<string>();
    type Banned = Parameters<WidgetServerToClientEvents['visitor:banned']>[0];
    expectTypeOf<Banned['code']>().toEqualTypeOf<'BANNED'>();
    expectTypeOf<keyof Banned>().toEqualTypeOf<'code' | 'message' | 'expiresAt'>();
  });

  it('lists every event of the namespace', () => {
    expectTypeOf<keyof WidgetClientToServerEvents>().toEqualTypeOf<
      | 'session:start'
      | 'message:send'
      | 'session:resume'
      | 'typing'
      | 'message:read'
      | 'handoff:request'
      | 'feedback'
      | 'identify'
      | 'message:report'
      | 'availability:get'
      | 'visitor:contact'
      | 'transcript:request'
    >();
    expectTypeOf<keyof WidgetServerToClientEvents>().toEqualTypeOf<
      | 'message:new'
      | 'message:delta'
      | 'message:done'
      | 'message:update'
      | 'message:read'
      | 'typing'
      | 'session:update'
      | 'config:update'
      | 'visitor:banned'
      | 'availability'
    >();
    const onDelta = (() => undefined) as WidgetServerToClientEvents['message:delta'];
    onDelta({ messageId: 'm', index: 0, text: 'x' });
    // @ts-expect-error a delta's text is `text`, not `content`
    onDelta({ messageId: 'm', index: 0, content: 'x' });
  });
});
