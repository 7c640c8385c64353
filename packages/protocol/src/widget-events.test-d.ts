import { describe, expectTypeOf, it } from 'vitest';
import type {
  WidgetClientToServerEvents,
  WidgetServerToClientEvents,
  TMessageReport,
  TMessageSend,
} from './index.ts';

describe('widget event map', () => {
  it('types message:send payload and ack', () => {
    type Send = WidgetClientToServerEvents['message:send'];
    expectTypeOf<Parameters<Send>[0]>().toEqualTypeOf<TMessageSend>();
    expectTypeOf<Parameters<Send>[0]>().not.toHaveProperty('seq');
  });

  it('types message:report and the ban notice', () => {
    type Report = WidgetClientToServerEvents['message:report'];
    expectTypeOf<Parameters<Report>[0]>().toEqualTypeOf<TMessageReport>();
    expectTypeOf<Parameters<Report>[0]>().toHaveProperty('messageId').toEqualTypeOf<string>();
    type Banned = Parameters<WidgetServerToClientEvents['visitor:banned']>[0];
    expectTypeOf<Banned['code']>().toEqualTypeOf<'BANNED'>();
  });
});
