import { describe, expect, it } from 'vitest';
import { isAppError } from '@parley/protocol';
import { createWorkerChunker } from './chunk-in-worker.ts';

describe('createWorkerChunker', () => {
  it('chunks in a worker thread and gives back the passages', async () => {
    const chunk = createWorkerChunker();
    expect(await chunk({ content: '# Refunds\nWithin 30 days.', format: 'markdown' })).toEqual([
      { title: 'Refunds', content: 'Within 30 days.' },
    ]);
  });

  it("rethrows the document's refusal as the same AppError", async () => {
    const chunk = createWorkerChunker();
    const error: unknown = await chunk({ content: 'a'.repeat(200_000), format: 'text' }).catch(
      (caught: unknown) => caught,
    );
    expect(isAppError(error) && error.code).toBe('INVALID_PAYLOAD');
    expect((error as Error).message).toMatch(/line 1 has 200,000 characters/);
  });

  it('gives up on a document that takes too long, and the event loop never waits for it', async () => {
    const chunk = createWorkerChunker({ timeoutMs: 50 });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const error: unknown = await chunk({
      content: `<div>${'<p>x</p>'.repeat(150_000)}</div>`,
      format: 'html',
    }).catch((caught: unknown) => caught);
    clearInterval(ticker);
    expect((error as Error).message).toMatch(/took longer than 50 ms/);
    expect(ticks).toBeGreaterThan(0);
  });
});
