import { Router } from 'express';
import { ZMarkReadSchema } from '@parley/protocol';
import { currentUser, requireRole } from '../auth/auth-middleware.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { parseId } from './resource-json.ts';
import type { NoteService } from './note-service.ts';
import type { UnreadService } from './unread-service.ts';

/**
 * `GET /unread` (the caller's counts), `POST /sessions/:id/read` (answers the new counts) and
 * `GET /sessions/:id/notes` (private notes; they are added over the `/admin` socket).
 */
export function createAttentionRoutes(
  auth: AuthService,
  unread: UnreadService,
  notes: NoteService,
): Router {
  const router = Router();
  const staff = requireRole(auth, 'admin', 'agent');
  router.get('/api/v1/unread', staff, async (_req, res) => {
    res.json(await unread.counts(currentUser(res).id));
  });
  router.post('/api/v1/sessions/:id/read', staff, async (req, res) => {
    const { seq } = ZMarkReadSchema.parse(req.body ?? {});
    const userId = currentUser(res).id;
    await unread.markRead(userId, parseId(req.params.id), seq);
    res.json(await unread.counts(userId));
  });
  router.get('/api/v1/sessions/:id/notes', staff, async (req, res) => {
    res.json({ items: await notes.list(parseId(req.params.id)) });
  });
  return router;
}
