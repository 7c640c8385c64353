import type { TPreviewTicket } from '@parley/protocol';
import { useApp } from '../app-context.ts';
import { ErrorNote, useLoad } from '../ui/components.tsx';

/**
 * The real widget on a blank page, in a sandboxed frame: `allow-scripts` without
 * `allow-same-origin` gives it an opaque origin, so nothing running in it can read the
 * dashboard's storage, reach its document or call the API as the signed-in admin. Its requests
 * say `Origin: null`; a short-lived ticket for this one widget (asked for on every reload) is what
 * the server admits instead.
 */
export function WidgetPreview(props: {
  widgetId: string;
  widgetKey: string;
  isActive: boolean;
  /** Changes when the widget is saved: a new ticket, and the frame reloads. */
  version: string;
}) {
  const { api } = useApp();
  const { widgetId, widgetKey, isActive, version } = props;
  const ticket = useLoad(
    () =>
      isActive
        ? api.post<TPreviewTicket>(`/widgets/${encodeURIComponent(widgetId)}/preview-ticket`)
        : Promise.resolve(undefined),
    [widgetId, isActive, version],
  );
  if (!isActive)
    return (
      <p class="muted" role="status">
        This widget is inactive: there is nothing to preview.
      </p>
    );
  if (ticket.error) return <ErrorNote error={ticket.error} />;
  if (!ticket.data) return null;
  const src = `/embed/${encodeURIComponent(widgetKey)}?preview=${encodeURIComponent(ticket.data.ticket)}`;
  return (
    <iframe
      key={ticket.data.ticket}
      class="preview"
      title="Widget preview"
      sandbox="allow-scripts"
      referrerpolicy="no-referrer"
      src={src}
    />
  );
}
