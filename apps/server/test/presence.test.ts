import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';

import { connectAdmin, next } from './support/admin-socket.ts';
import { api, createAgent, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { recordWritesOfNewConnections } from './support/socket-writes.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import {
  ask,
  askAnyPayload,
  askOk,
  connectWidget,
  openWidgetSocket,
  type TestSocket,
  type WidgetTestSocket,
} from './support/widget-client.ts';

describe.each(DATABASE_KINDS)('presence and office hours on %s', (kind) => {
  let t: TestServer;
  let sockets: TestSocket[];
  beforeEach(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    sockets = [];
  });
  afterEach(async () => {
    sockets.forEach((socket) => socket.close());
    await t.close();
  });

  /** A visitor whose first `availability` is captured before the connection resolves. */
  const visitorOf = async (widgetKey: string) => {
    const socket = await connectWidget(t.url, { widgetKey });
    sockets.push(socket);
    return socket;
  };
  const availabilityOf = async (visitor: WidgetTestSocket) =>
    askOk(visitor, 'availability:get', {});

  it('says online while an agent has the dashboard open, away when they step away or leave', async () => {
    const admin = await setupAdmin(t.url);
    const agent = await createAgent(t.url, admin.accessToken);
    const widget = await seedWidget(t.db);
    await widget.update({ replyWithinHours: 4 });
    const visitor = await visitorOf(widget.widgetKey);
    expect(await availabilityOf(visitor)).toMatchObject({
      ok: true,
      state: 'away',
      replyWithinHours: 4,
    });

    const online = next(visitor, 'availability', (a) => a.state === 'online');
    const inbox = await connectAdmin(t.url, agent.accessToken);
    sockets.push(inbox);
    await online;

    const away = next(visitor, 'availability', (a) => a.state === 'away');
    expect(await ask(inbox, 'presence:set', { status: 'away' })).toEqual({
      ok: true,
      status: 'away',
    });
    await away;
    expect(await askAnyPayload(inbox, 'presence:set', { status: 'busy' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });

    await ask(inbox, 'presence:set', { status: 'online' });
    await next(visitor, 'availability', (a) => a.state === 'online');
    const left = next(visitor, 'availability', (a) => a.state === 'away');
    inbox.close();
    await left;
  });

  it('tells a new visitor who can answer in the same network write as its connect packet', async () => {
    const widget = await seedWidget(t.db);
    const connections = recordWritesOfNewConnections(t.server.httpServer);
    const told = new Promise<unknown>((resolve) => {
      const socket = openWidgetSocket(t.url, { widgetKey: widget.widgetKey });
      sockets.push(socket);
      socket.once('availability', resolve);
    });
    expect(await told).toMatchObject({ state: 'away' });
    const [writes] = connections;
    const connect = writes!.filter((written) => written.includes('40/widget,'));
    expect(connect).toHaveLength(1);
    expect(connect[0]).toContain('42/widget,["availability",{"state":"away"');
  });

  it('counts a dashboard opened while away as not available', async () => {
    const admin = await setupAdmin(t.url);
    const agent = await createAgent(t.url, admin.accessToken);
    const widget = await seedWidget(t.db);
    const visitor = await visitorOf(widget.widgetKey);
    const awayTab = await connectAdmin(t.url, admin.accessToken, { status: 'away' });
    sockets.push(awayTab);
    // Another agent comes and goes: with the away tab not counted, the visitor hears "away".
    const online = next(visitor, 'availability', (a) => a.state === 'online');
    const other = await connectAdmin(t.url, agent.accessToken);
    await online;
    const away = next(visitor, 'availability', (a) => a.state === 'away');
    other.close();
    await away;
    expect(await availabilityOf(visitor)).toMatchObject({ state: 'away' });
  });

  it('says closed outside office hours, with the next opening, whoever is online', async () => {
    const admin = await setupAdmin(t.url);
    const widget = await seedWidget(t.db);
    // Open one hour, three days from now: closed today whatever the time.
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000);
    const saved = await api(t.url, `PATCH /api/v1/widgets/${widget.id}`, {
      token: admin.accessToken,
      body: {
        officeHours: {
          timeZone: 'UTC',
          openings: [{ day: inThreeDays.getUTCDay(), from: '10:00', to: '11:00' }],
          holidays: [],
        },
      },
    });
    expect(saved.status).toBe(200);
    const inbox = await connectAdmin(t.url, admin.accessToken);
    sockets.push(inbox);
    const visitor = await visitorOf(widget.widgetKey);
    const answer = await availabilityOf(visitor);
    expect(answer.state).toBe('closed');
    expect(answer.opensAt).toBe(`${inThreeDays.toISOString().slice(0, 10)}T10:00:00.000Z`);
    expect(answer.changesAt).toBe(answer.opensAt);
  });

  it('refuses office hours that make no sense, naming the field, and keeps the old ones', async () => {
    const admin = await setupAdmin(t.url);
    const widget = await seedWidget(t.db);
    const patch = (officeHours: unknown) =>
      api<{ error: { code: string; details?: { field?: string } } }>(
        t.url,
        `PATCH /api/v1/widgets/${widget.id}`,
        { token: admin.accessToken, body: { officeHours } },
      );
    const wrongZone = await patch({ timeZone: 'Mars/Olympus', openings: [], holidays: [] });
    expect(wrongZone.status).toBe(400);
    expect(wrongZone.body.error.details?.field).toBe('officeHours.timeZone');
    const backwards = await patch({
      timeZone: 'UTC',
      openings: [{ day: 1, from: '17:00', to: '09:00' }],
      holidays: [],
    });
    expect(backwards.body.error).toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(backwards.body.error.details?.field).toBe('officeHours.openings.0.to');
    await widget.reload();
    expect(widget.officeHours).toBeNull();
  });
});
