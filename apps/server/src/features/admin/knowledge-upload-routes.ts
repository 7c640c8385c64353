import express, { Router } from 'express';
import { z } from 'zod';
import { AppError, KNOWLEDGE_UPLOAD_TYPES } from '@parley/protocol';
import type { Logger } from '../../logging/create-logger.ts';
import type { AuditLog } from '../auth/audit-log.ts';
import { currentUser, requestOrigin, requireRole } from '../auth/auth-middleware.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { startIndexing, type KnowledgeIndexer } from './knowledge-bases-resource.ts';
import type { KnowledgeBaseFiles } from './knowledge-base-files.ts';

const MAX_UPLOAD = '2mb';
const ZUploadQuerySchema = z.object({
  name: z.string().trim().min(1).max(255),
  fileName: z
    .string()
    .max(255)
    .regex(new RegExp(`^[^/\\\\]+\\.(${KNOWLEDGE_UPLOAD_TYPES.join('|')})$`, 'i'), {
      message: `must be a .${KNOWLEDGE_UPLOAD_TYPES.join(', .')} file name`,
    }),
});

/**
 * `POST /knowledge-bases/upload?name=&fileName=` with the file as the raw body (text/plain,
 * text/markdown or text/html): creates a `file` knowledge base and starts indexing it.
 */
export function createKnowledgeUploadRoutes(parts: {
  auth: AuthService;
  audit: AuditLog;
  bases: Pick<KnowledgeBaseFiles, 'createFromFile'>;
  indexer: KnowledgeIndexer | undefined;
  logger: Logger;
}): Router {
  const router = Router();
  const readText = express.text({ type: ['text/*'], limit: MAX_UPLOAD });
  router.post(
    '/api/v1/knowledge-bases/upload',
    requireRole(parts.auth, 'admin'),
    readText,
    async (req, res) => {
      const { name, fileName } = ZUploadQuerySchema.parse(req.query);
      if (typeof req.body !== 'string' || req.body.trim() === '')
        throw new AppError('INVALID_PAYLOAD', 'Send the file as a text/* body', { field: 'file' });
      const base = await parts.bases.createFromFile({ name, fileName, content: req.body });
      await parts.audit.record({
        userId: currentUser(res).id,
        action: 'knowledge-base.upload',
        origin: requestOrigin(req),
        metadata: { id: base.id, fileName },
      });
      startIndexing(base.id, parts);
      res.status(201).json(base);
    },
  );
  return router;
}
