import type { TErrorCode } from '@parley/protocol';
import type { DocumentChunk } from './chunk-document.ts';

/** What the chunk worker posts back: the passages, or why the document cannot be indexed. */
export type ChunkWorkerOutcome =
  | { ok: true; chunks: DocumentChunk[] }
  | { ok: false; code: TErrorCode; message: string; details?: Record<string, unknown> };
