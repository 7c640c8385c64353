import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '@parley/protocol';
import { createErrorHandler, notFoundHandler } from './error-handler.ts';

async function requestThrough(thrown: unknown): Promise<{ status: number; body: string }> {
  const app = express();
  app.get('/boom', () => {
    throw thrown;
  });
  app.use(notFoundHandler);
  app.use(createErrorHandler(pino({ level: 'silent' })));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`);
    return { status: response.status, body: await response.text() };
  } finally {
    server.close();
  }
}

describe('the error handler', () => {
  it('answers an AppError with its status and the uniform shape', async () => {
    const { status, body } = await requestThrough(
      new AppError('SESSION_CLOSED', 'The session is closed'),
    );
    expect(status).toBe(409);
    expect(JSON.parse(body)).toEqual({
      error: { code: 'SESSION_CLOSED', message: 'The session is closed' },
    });
  });

  it('answers a schema failure with INVALID_PAYLOAD naming the field', async () => {
    const parsed = z.object({ email: z.email() }).safeParse({ email: 'nope' });
    const { status, body } = await requestThrough(parsed.error);
    expect(status).toBe(400);
    expect(JSON.parse(body)).toMatchObject({
      error: { code: 'INVALID_PAYLOAD', details: { field: 'email' } },
    });
  });

  it('says the limit a body went over', async () => {
    const app = express();
    app.post('/upload', express.text({ limit: 2 * 1024 * 1024 }), (_req, res) => {
      res.end();
    });
    app.use(createErrorHandler(pino({ level: 'silent' })));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const response = await fetch(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`,
        { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(2_200_000) },
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: {
          code: 'INVALID_PAYLOAD',
          message: 'The body is too large: at most 2 MB',
          details: { limitBytes: 2 * 1024 * 1024 },
        },
      });
    } finally {
      server.close();
    }
  });

  it('hides an unexpected error behind INTERNAL with a correlation id, leaking no stack or SQL', async () => {
    const error = new Error(
      "ER_PARSE_ERROR: You have an error in your SQL syntax near 'SELECT * FROM users'",
    );
    const { status, body } = await requestThrough(error);
    expect(status).toBe(500);
    const parsed = JSON.parse(body) as {
      error: { code: string; details: { correlationId: string } };
    };
    expect(parsed.error.code).toBe('INTERNAL');
    expect(parsed.error.details.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body).not.toMatch(/SQL|SELECT|users|at .*\.ts/);
  });
});
