import type { Database } from '@parley/db';
import type { TKnowledgeBaseSummary } from '@parley/protocol';
import { presentKnowledgeBaseSummary } from './resource-presenters.ts';

/** Knowledge bases made from an uploaded file (`sourceType: file`). */
export interface KnowledgeBaseFiles {
  /** Stores the file's text as a new base, `pending` until indexed. */
  createFromFile(input: {
    name: string;
    fileName: string;
    content: string;
  }): Promise<TKnowledgeBaseSummary>;
}

export function createKnowledgeBaseFiles(db: Database): KnowledgeBaseFiles {
  return {
    async createFromFile({ name, fileName, content }) {
      const base = await db.models.KnowledgeBaseConfig.create({
        name,
        sourceType: 'file',
        filePath: fileName,
        content,
      });
      return presentKnowledgeBaseSummary(base);
    },
  };
}
