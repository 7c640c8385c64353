import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { TAuthResponse } from '@parley/protocol';
import { api, ADMIN, SETUP_TOKEN, setupAdmin, type ApiAnswer } from './support/admin-client.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

type ErrorBody = { error: { code: string; message: string; details?: { field?: string } } };

const codesOf = (answers: Array<ApiAnswer<unknown>>) =>
  answers.map((answer) => (answer.body as Partial<ErrorBody>).error?.code ?? answer.status);
const countOf = (values: unknown[], value: unknown) => values.filter((v) => v === value).length;

describe.each(DATABASE_KINDS)('first-admin setup and sign-in under attack on %s', (kind) => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      env: { LOGIN_FAILURES_PER_ACCOUNT: '5', LOGIN_FAILURES_PER_IP: '1000' },
    });
  });
  afterEach(async () => t.close());

  const hashes = () => t.server.admin.auth.hasher.operations;
  const setup = (body: Record<string, unknown>) =>
    api<ErrorBody>(t.url, 'POST /api/v1/auth/setup', { body });
  const login = (password: string) =>
    api<TAuthResponse>(t.url, 'POST /api/v1/auth/login', {
      body: { email: ADMIN.email, password },
    });

  it('refuses 16 setup calls after the first admin without any bcrypt work', async () => {
    await setupAdmin(t.url);
    const before = hashes();
    const refused = await Promise.all(
      Array.from({ length: 16 }, (_, n) =>
        setup({
          email: `intruder${n}@example.com`,
          password: 'a long enough password',
          fullName: 'Intruder',
          setupToken: SETUP_TOKEN,
        }),
      ),
    );
    expect(codesOf(refused)).toEqual(Array(16).fill('FORBIDDEN'));
    expect(hashes()).toBe(before);
    expect(await t.db.models.User.count()).toBe(1);
  });

  it('creates the first admin only with the setup token, and changes nothing without it', async () => {
    const body = { ...ADMIN };
    const missing = await setup(body);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: 'INVALID_PAYLOAD',
      details: { field: 'setupToken' },
    });
    expect(missing.body.error.message).toMatch(/setup token/);
    const wrong = await setup({ ...body, setupToken: 'guessed-token-guessed-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toMatch(/setup token is wrong/);
    expect(hashes()).toBe(0);
    expect(await t.db.models.User.count()).toBe(0);
    expect((await api(t.url, 'GET /api/v1/auth/setup')).body).toEqual({ needsSetup: true });

    expect((await setup({ ...body, setupToken: SETUP_TOKEN })).status).toBe(201);
  });

  it('makes exactly one first admin when six setups race', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        setup({
          email: `racer${n}@example.com`,
          password: 'a long enough password',
          fullName: `Racer ${n}`,
          setupToken: SETUP_TOKEN,
        }),
      ),
    );
    const codes = codesOf(answers);
    expect(countOf(codes, 201)).toBe(1);
    expect(countOf(codes, 'FORBIDDEN')).toBe(5);
    expect(await t.db.models.User.count({ where: { role: 'admin' } })).toBe(1);
  });

  it('lets at most 5 of 30 parallel wrong guesses reach the password check', async () => {
    await setupAdmin(t.url);
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, n) => login(`wrong guess number ${n}`)),
    );
    const codes = codesOf(guesses);
    expect(countOf(codes, 'UNAUTHORIZED')).toBeLessThanOrEqual(5);
    expect(countOf(codes, 'UNAUTHORIZED') + countOf(codes, 'RATE_LIMITED')).toBe(30);
    // The account stays locked for the window, even for the right password.
    expect((await login(ADMIN.password)).status).toBe(429);
  });

  it('gives back the points of a successful sign-in', async () => {
    await setupAdmin(t.url);
    for (let n = 0; n < 4; n += 1) expect((await login(`wrong ${n}`)).status).toBe(401);
    expect((await login(ADMIN.password)).status).toBe(200);
    for (let n = 0; n < 4; n += 1) expect((await login(`again wrong ${n}`)).status).toBe(401);
  });
});

describe('limits on the auth routes themselves', () => {
  let t: TestServer | undefined;
  afterEach(async () => t?.close());

  it('rate-limits every /auth route per IP', async () => {
    t = await startTestServer({
      kind: 'sqlite',
      mariadbBaseUrl: '',
      env: { RATE_LIMIT_AUTH_REQUESTS_PER_IP: '5', RATE_LIMIT_WINDOW_MS: '60000' },
    });
    const url = t.url;
    const answers = [];
    for (let n = 0; n < 3; n += 1) answers.push(await api(url, 'GET /api/v1/auth/setup'));
    answers.push(await api(url, 'POST /api/v1/auth/refresh', { body: { refreshToken: 'x' } }));
    answers.push(await api(url, 'POST /api/v1/auth/login', { body: {} }));
    answers.push(await api(url, 'POST /api/v1/auth/setup', { body: {} }));
    answers.push(await api(url, 'POST /api/v1/auth/login', { body: {} }));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 401, 400, 429, 429]);
    expect(answers[6]!.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  });

  it('refuses sign-ins beyond the bcrypt queue at once instead of piling them up', async () => {
    t = await startTestServer({
      kind: 'sqlite',
      mariadbBaseUrl: '',
      env: {
        PASSWORD_HASH_CONCURRENCY: '1',
        PASSWORD_HASH_QUEUE: '1',
        LOGIN_FAILURES_PER_IP: '1000',
      },
    });
    const url = t.url;
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        api<ErrorBody>(url, 'POST /api/v1/auth/login', {
          body: { email: `nobody${n}@example.com`, password: 'whatever it is' },
        }),
      ),
    );
    const codes = codesOf(answers);
    expect(countOf(codes, 'UNAUTHORIZED') + countOf(codes, 'RATE_LIMITED')).toBe(12);
    expect(countOf(codes, 'UNAUTHORIZED')).toBeGreaterThanOrEqual(2);
    const busy = answers.filter((answer) => answer.status === 429);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]!.body.error.message).toMatch(/busy checking passwords/);
  });

  it('does not charge the account for sign-ins refused because the bcrypt queue was full', async () => {
    t = await startTestServer({
      kind: 'sqlite',
      mariadbBaseUrl: '',
      env: {
        PASSWORD_HASH_CONCURRENCY: '1',
        PASSWORD_HASH_QUEUE: '1',
        LOGIN_FAILURES_PER_ACCOUNT: '10',
        LOGIN_FAILURES_PER_IP: '1000',
      },
    });
    const url = t.url;
    await setupAdmin(url);
    const login = (password: string) =>
      api<ErrorBody>(url, 'POST /api/v1/auth/login', { body: { email: ADMIN.email, password } });
    const flood = await Promise.all(Array.from({ length: 10 }, (_, n) => login(`flood ${n}`)));
    const busy = flood.filter((answer) => /busy checking/.test(answer.body.error?.message ?? ''));
    expect(busy.length).toBeGreaterThan(0);
    // Only the guesses whose password was checked count: the real user still gets in.
    expect((await login(ADMIN.password)).status).toBe(200);
  });
});
