/**
 * The worker-thread entry of `createWorkerChunker`: chunks each document it is sent, one at a
 * time, and posts each outcome back. Runs off the main thread, so a slow or hostile document never delays a
 * chat; see `chunk-in-worker.ts` for how it is started from source (.ts) and compiled (.js).
 */
import { parentPort } from 'node:worker_threads';
import { isAppError } from '@parley/protocol';
import { chunkDocument, type ChunkOptions } from './chunk-document.ts';
import type { ChunkWorkerOutcome } from './chunk-worker-outcome.ts';

function run(options: ChunkOptions): ChunkWorkerOutcome {
  try {
    return { ok: true, chunks: chunkDocument(options) };
  } catch (error) {
    if (isAppError(error))
      return { ok: false, code: error.code, message: error.message, details: error.details };
    return { ok: false, code: 'INTERNAL', message: (error as Error).message ?? String(error) };
  }
}

parentPort?.on('message', (options: ChunkOptions) => parentPort?.postMessage(run(options)));
