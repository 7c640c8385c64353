import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '@parley/protocol';
import type { ChunkOptions, DocumentChunk } from './chunk-document.ts';
import type { ChunkWorkerOutcome } from './chunk-worker-outcome.ts';

export interface ChunkWorkerLimits {
  /** A document still being chunked after this is abandoned (its worker terminated). */
  timeoutMs: number;
  /** Heap of one worker; a document needing more fails instead of exhausting the server. */
  maxHeapMb: number;
  /** Documents chunked at once; the rest wait their turn. */
  concurrency: number;
}

export const DEFAULT_CHUNK_WORKER_LIMITS: ChunkWorkerLimits = {
  timeoutMs: 60_000,
  maxHeapMb: 512,
  concurrency: 2,
};

export type DocumentChunker = (options: ChunkOptions) => Promise<DocumentChunk[]>;

/**
 * `chunkDocument` in worker threads: the event loop that serves chats never parses document
 * text, so the slowest document costs only its own time (issue #16). Up to `concurrency`
 * workers are kept warm and reused; a worker that runs out of time or memory is terminated and
 * its document fails with `INVALID_PAYLOAD` and a reason.
 *
 * The worker entry is `chunk-worker.ts` beside this file when running from source (tests,
 * `node --import tsx`): it is loaded through tsx's `register`, since a worker does not inherit
 * the parent's loader. The server's build rewrites that literal `new URL(…)` to the worker's
 * compiled file (`dist/workers/chunk-worker.js`), which loads directly. Either way a small
 * bootstrap module first lowers the worker thread's priority.
 *
 * @example
 * const chunk = createWorkerChunker();
 * const chunks = await chunk({ content, format: 'markdown', title: 'FAQ' });
 */
export function createWorkerChunker(limits: Partial<ChunkWorkerLimits> = {}): DocumentChunker {
  const settings = { ...DEFAULT_CHUNK_WORKER_LIMITS, ...limits };
  const idle: Worker[] = [];
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (options) => {
    if (running >= settings.concurrency)
      await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    const worker = idle.pop() ?? startChunkWorker(settings);
    try {
      const outcome = await runJob(worker, options, settings);
      // The worker answered (passages or a refusal): it is healthy and stays warm, unref'd so an
      // idle worker never keeps the process alive.
      worker.unref();
      idle.push(worker);
      if (outcome.ok) return outcome.chunks;
      throw new AppError(outcome.code, outcome.message, outcome.details);
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** One document through one worker; a worker that fails or overruns is terminated. */
function runJob(
  worker: Worker,
  options: ChunkOptions,
  limits: ChunkWorkerLimits,
): Promise<ChunkWorkerOutcome> {
  worker.ref();
  return new Promise<ChunkWorkerOutcome>((resolve, reject) => {
    const settle = () => {
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    };
    const fail = (error: Error) => {
      settle();
      void worker.terminate();
      reject(error);
    };
    const onMessage = (outcome: ChunkWorkerOutcome) => {
      settle();
      resolve(outcome);
    };
    const onError = (error: Error & { code?: string }) =>
      fail(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new AppError(
              'INVALID_PAYLOAD',
              `indexing the document needs more than ${limits.maxHeapMb} MB of memory`,
              { field: 'content' },
            )
          : new Error(`the indexing worker failed: ${error.message}`),
      );
    const onExit = (code: number) =>
      fail(new Error(`the indexing worker stopped (exit code ${code})`));
    const timer = setTimeout(
      () =>
        fail(
          new AppError(
            'INVALID_PAYLOAD',
            `indexing the document took longer than ${formatDuration(limits.timeoutMs)}`,
            { field: 'content' },
          ),
        ),
      limits.timeoutMs,
    );
    worker.on('message', onMessage).once('error', onError).once('exit', onExit);
    worker.postMessage(options);
  });
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * Run first in every indexing worker, before it loads anything: on Linux, `/proc/thread-self`
 * names the worker's own thread, and `setPriority` on a thread id renices only that thread, so
 * parsing yields the CPU to the threads serving chats. Elsewhere it does nothing.
 */
const LOWER_THREAD_PRIORITY = `
const [{ readlinkSync }, { setPriority }] = await Promise.all([import('node:fs'), import('node:os')]);
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 19);
} catch {}`;

function startChunkWorker(limits: ChunkWorkerLimits): Worker {
  // A literal URL, so the server's build finds the entry, builds it and points this at it.
  const entry = new URL('./chunk-worker.ts', import.meta.url);
  const lines = [LOWER_THREAD_PRIORITY];
  // From source, register tsx in the worker first: Node 20 workers do not inherit the parent's
  // loader hooks, and `--import tsx` in `execArgv` does not apply to a worker's entry.
  if (entry.pathname.endsWith('.ts')) {
    const tsxApi = createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs');
    lines.push(`(await import(${JSON.stringify(pathToFileURL(tsxApi).href)})).register();`);
  }
  lines.push(`await import(${JSON.stringify(entry.href)});`);
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(lines.join('\n'))}`), {
    resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb },
  });
}
