/**
 * The worker-thread entry of `chunkDocumentInWorker`: chunks one document (its `workerData`)
 * and posts the outcome. Runs off the main thread, so a slow or hostile document never delays a
 * chat; see `chunk-in-worker.ts` for how it is started from source (.ts) and compiled (.js).
 */
import { parentPort, workerData } from 'node:worker_threads';
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

parentPort?.postMessage(run(workerData as ChunkOptions));
