import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { DATABASE_KINDS } from '@parley/test-kit';
import { api, setupAdmin } from './support/admin-client.ts';
import { connectAdmin, next, type AdminTestSocket } from './support/admin-socket.ts';
import {
  send,
  startModerationFixture,
  type ModerationFixture,
} from './support/moderation-fixture.ts';

describe.each(DATABASE_KINDS)('moderation through the admin API on %s', (kind) => {
  let f: ModerationFixture;
  let token: string;
  let staff: AdminTestSocket;

  beforeAll(async () => {
    f = await startModerationFixture(kind, inject('mariadbBaseUrl'));
    token = (await setupAdmin(f.t.url)).accessToken;
    staff = await connectAdmin(f.t.url, token);
  });
  afterAll(async () => {
    staff?.close();
    await f?.close();
  });

  it('refuses an unsafe or invalid pattern when it is saved, with the reason, and stores nothing', async () => {
    for (const pattern of ['(a)\\1', '(.*a){20}', '(unclosed']) {
      const answer = await api<{
        error: { code: string; message: string; details?: { field?: string } };
      }>(f.t.url, 'POST /api/v1/moderation-rules', {
        token,
        body: { name: 'bad', pattern, isRegex: true, action: 'block' },
      });
      expect(answer.status, pattern).toBe(400);
      expect(answer.body.error).toMatchObject({
        code: 'INVALID_PAYLOAD',
        details: { field: 'pattern' },
      });
      expect(answer.body.error.message).toMatch(/backtracking|not a valid regular expression/);
    }
    expect(await f.t.db.models.ModerationRule.count()).toBe(0);
  });

  it('applies a rule saved through the API at once and pushes flag:new to staff', async () => {
    const saved = await api(f.t.url, 'POST /api/v1/moderation-rules', {
      token,
      body: { name: 'refunds', pattern: 'refund', action: 'flag' },
    });
    expect(saved.status).toBe(201);
    const visitor = await f.open();
    const notice = next(staff, 'flag:new');
    const ack = await send(visitor.socket, visitor.session.id, 'R.E.F.U.N.D now');
    expect(ack).toMatchObject({ ok: true });
    expect(await notice).toMatchObject({ sessionId: visitor.session.id, contentType: 'message' });
  });
});
