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
 * `chunkDocument` in a worker thread, one worker per document: the event loop that serves
 * chats never parses document text, so the slowest document costs only its own time (issue
 * #16). A document that runs out of time or memory fails with `INVALID_PAYLOAD` and a reason.
 *
 * The worker entry is `chunk-worker.ts` beside this file when running from source (tests,
 * `node --import tsx`): it is loaded through tsx's `register`, since a worker does not inherit
 * the parent's loader. Compiled to JS, this file sits beside `chunk-worker.js` and loads it
 * directly. Either way a small bootstrap module first lowers the worker thread's priority.
 *
 * @example
 * const chunk = createWorkerChunker();
 * const chunks = await chunk({ content, format: 'markdown', title: 'FAQ' });
 */
export function createWorkerChunker(limits: Partial<ChunkWorkerLimits> = {}): DocumentChunker {
  const settings = { ...DEFAULT_CHUNK_WORKER_LIMITS, ...limits };
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (options) => {
    if (running >= settings.concurrency)
      await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await chunkInWorker(options, settings);
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

function chunkInWorker(options: ChunkOptions, limits: ChunkWorkerLimits): Promise<DocumentChunk[]> {
  const worker = startChunkWorker(options, limits);
  return new Promise<DocumentChunk[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      fail(
        new AppError(
          'INVALID_PAYLOAD',
          `indexing the document took longer than ${formatDuration(limits.timeoutMs)}`,
          { field: 'content' },
        ),
      );
    }, limits.timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      void worker.terminate();
      reject(error);
    };
    worker.once('message', (outcome: ChunkWorkerOutcome) => {
      clearTimeout(timer);
      void worker.terminate();
      if (outcome.ok) resolve(outcome.chunks);
      else reject(new AppError(outcome.code, outcome.message, outcome.details));
    });
    worker.once('error', (error: Error & { code?: string }) =>
      fail(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new AppError(
              'INVALID_PAYLOAD',
              `indexing the document needs more than ${limits.maxHeapMb} MB of memory`,
              { field: 'content' },
            )
          : new Error(`the indexing worker failed: ${error.message}`),
      ),
    );
    worker.once('exit', (code) => {
      if (code !== 0) fail(new Error(`the indexing worker stopped (exit code ${code})`));
    });
  });
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

const isSource = import.meta.url.endsWith('.ts');

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

function startChunkWorker(options: ChunkOptions, limits: ChunkWorkerLimits): Worker {
  const entry = new URL(`./chunk-worker.${isSource ? 'ts' : 'js'}`, import.meta.url);
  const lines = [LOWER_THREAD_PRIORITY];
  // From source, register tsx in the worker first: Node 20 workers do not inherit the parent's
  // loader hooks, and `--import tsx` in `execArgv` does not apply to a worker's entry.
  if (isSource) {
    const tsxApi = createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs');
    lines.push(`(await import(${JSON.stringify(pathToFileURL(tsxApi).href)})).register();`);
  }
  lines.push(`await import(${JSON.stringify(entry.href)});`);
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(lines.join('\n'))}`), {
    workerData: options,
    resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb },
  });
}
