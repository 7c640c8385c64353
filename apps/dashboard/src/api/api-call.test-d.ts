import { describe, expectTypeOf, it } from 'vitest';
import type { TModerationQueueItem, TWidget } from '@parley/protocol';
import type { ApiClient } from './api-client.ts';

/*
 * The dashboard's fetches are typed by the protocol's REST contract (checked by
 * `pnpm typecheck`): a field renamed in a response schema stops the dashboard compiling where it
 * reads the old name. Each `@ts-expect-error` must stay an error, or the types went loose.
 */
declare const api: ApiClient;

describe('ApiClient.call', () => {
  it('answers the route’s protocol type', async () => {
    const widget = await api.call('GET /api/v1/widgets/:id', { params: { id: 'w' } });
    expectTypeOf(widget).toEqualTypeOf<TWidget>();
    const queue = await api.call('GET /api/v1/flagged-content');
    expectTypeOf(queue.items).toEqualTypeOf<TModerationQueueItem[]>();
  });

  it('refuses an old field name, a missing param and an unknown route', async () => {
    const widget = await api.call('GET /api/v1/widgets/:id', { params: { id: 'w' } });
    // @ts-expect-error a widget has `title`, not `heading`
    void widget.heading;
    // @ts-expect-error `/widgets/:id` needs its id
    void api.call('GET /api/v1/widgets/:id');
    // @ts-expect-error no such route in the contract
    void api.call('GET /api/v1/widget');
  });
});
