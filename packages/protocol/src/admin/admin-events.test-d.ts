import { describe, expectTypeOf, it } from 'vitest';
import type {
  Ack,
  AdminClientToServerEvents,
  AdminServerToClientEvents,
  TAgentMessage,
  TMessage,
  TSessionAssign,
  TSessionAssigned,
  TSessionSummary,
} from '../index.ts';

describe('admin event map', () => {
  it('types an agent reply and its ack', () => {
    type Send = AdminClientToServerEvents['message:send'];
    expectTypeOf<Parameters<Send>[0]>().toEqualTypeOf<TAgentMessage>();
    type Reply = Parameters<Parameters<Send>[1]>[0];
    expectTypeOf<Reply>().toEqualTypeOf<Ack<{ message: TMessage }>>();
  });

  it('pushes inbox lines and committed messages to staff', () => {
    expectTypeOf<
      Parameters<AdminServerToClientEvents['session:new']>[0]
    >().toEqualTypeOf<TSessionSummary>();
    expectTypeOf<
      Parameters<AdminServerToClientEvents['message:new']>[0]
    >().toEqualTypeOf<TMessage>();
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
