import { Op } from 'sequelize';
import type { Database } from '@parley/db';
import type { Embedder } from '../providers/openai-embeddings.ts';
import { decodeVector, encodeVector, passageHash, passageText } from './dense-retrieval.ts';
import type { IndexedChunk } from './knowledge-index.ts';

/**
 * The vectors of the given passages for the embedder's model, by chunk id: read from
 * `knowledge_embeddings`, and only passages with no stored vector (new or changed text) sent
 * to the embeddings endpoint, then stored. Throws when the endpoint fails.
 *
 * @example
 * const vectors = await embedPassages(db, embedder, chunks); // Map<chunkId, Float32Array>
 */
export async function embedPassages(
  db: Database,
  embedder: Embedder,
  chunks: readonly IndexedChunk[],
): Promise<Map<string, Float32Array>> {
  const { KnowledgeEmbedding } = db.models;
  const hashes = new Map(chunks.map((chunk) => [chunk.id, passageHash(chunk)]));
  const stored = new Map<string, Float32Array>();
  const unique = [...new Set(hashes.values())];
  for (let start = 0; start < unique.length; start += 500) {
    const rows = await KnowledgeEmbedding.findAll({
      attributes: ['contentHash', 'vector'],
      where: { model: embedder.model, contentHash: { [Op.in]: unique.slice(start, start + 500) } },
    });
    for (const row of rows) stored.set(row.contentHash, decodeVector(row.vector));
  }
  const missing = new Map<string, IndexedChunk>();
  for (const chunk of chunks) {
    const hash = hashes.get(chunk.id)!;
    if (!stored.has(hash) && !missing.has(hash)) missing.set(hash, chunk);
  }
  if (missing.size > 0) {
    const entries = [...missing];
    const vectors = await embedder.embed(entries.map(([, chunk]) => passageText(chunk)));
    await KnowledgeEmbedding.bulkCreate(
      entries.map(([contentHash], index) => ({
        contentHash,
        model: embedder.model,
        dimensions: vectors[index]!.length,
        vector: encodeVector(vectors[index]!),
      })),
      // Two searches may embed the same new passage at once: the first row wins.
      { ignoreDuplicates: true },
    );
    entries.forEach(([hash], index) => stored.set(hash, vectors[index]!));
  }
  return new Map(chunks.map((chunk) => [chunk.id, stored.get(hashes.get(chunk.id)!)!]));
}
