import { z } from 'zod';

/**
 * The header that carries a preview ticket on the widget's public REST calls (config, history).
 * The socket carries it in its handshake `auth` instead.
 */
export const PREVIEW_TICKET_HEADER = 'x-parley-preview';

/**
 * `POST /api/v1/widgets/:id/preview-ticket` (admin): lets the dashboard's sandboxed preview, whose
 * requests say `Origin: null`, use that one widget until `expiresAt`.
 */
export const ZPreviewTicketSchema = z.object({
  ticket: z.string().min(1).max(1024),
  expiresAt: z.iso.datetime(),
});
export type TPreviewTicket = z.infer<typeof ZPreviewTicketSchema>;
