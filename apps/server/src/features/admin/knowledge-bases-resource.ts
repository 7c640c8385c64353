import {
  ZKnowledgeBaseCreateSchema,
  ZKnowledgeBaseUpdateSchema,
  type TKnowledgeBase,
  type TKnowledgeBaseSummary,
} from '@parley/protocol';
import type { Database, KnowledgeBaseConfig } from '@parley/db';
import type { Logger } from '../../logging/create-logger.ts';
import type { CrudResource } from './crud-routes.ts';
import { presentKnowledgeBase, presentKnowledgeBaseSummary } from './resource-presenters.ts';

/** The AI package's knowledge indexing: re-reads a base, chunks it, bumps its version. */
export interface KnowledgeIndexer {
  reindex(id: string): Promise<unknown>;
}

/**
 * Knowledge bases. Indexing runs after the answer (it may fetch a URL); the dashboard follows
 * `status` (`pending` → `indexing` → `ready` | `failed`, the reason in `statusMessage`).
 */
export function knowledgeBasesResource(
  db: Database,
  options: { indexer: KnowledgeIndexer | undefined; logger: Logger },
): CrudResource<KnowledgeBaseConfig, TKnowledgeBase, TKnowledgeBaseSummary> {
  return {
    path: 'knowledge-bases',
    auditName: 'knowledge-base',
    model: db.models.KnowledgeBaseConfig,
    createSchema: ZKnowledgeBaseCreateSchema,
    updateSchema: ZKnowledgeBaseUpdateSchema,
    // The edit form loads a base's text from `GET /knowledge-bases/:id`, so saving keeps it.
    present: presentKnowledgeBase,
    presentInList: presentKnowledgeBaseSummary,
    order: [['name', 'ASC']],
    afterChange(row, kind) {
      if (kind !== 'delete') startIndexing(row.id, options);
    },
  };
}

/** Starts indexing in the background; failures end up in the base's `status`. */
export function startIndexing(
  id: string,
  options: { indexer: KnowledgeIndexer | undefined; logger: Logger },
): void {
  if (!options.indexer) return;
  options.indexer.reindex(id).catch((error: unknown) => {
    options.logger.warn({ err: error, knowledgeBaseId: id }, 'knowledge indexing failed');
  });
}
