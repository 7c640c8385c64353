import { describe, expectTypeOf, it } from 'vitest';
import type { WidgetClientToServerEvents, TMessageSend } from './index.ts';

describe('widget event map', () => {
  it('types message:send payload and ack', () => {
    type Send = WidgetClientToServerEvents['message:send'];
    expectTypeOf<Parameters<Send>[0]>().toEqualTypeOf<TMessageSend>();
    expectTypeOf<Parameters<Send>[0]>().not.toHaveProperty('seq');
  });
});
