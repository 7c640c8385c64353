import type { TNotification } from '@parley/protocol';
import { useApp, useAttention } from '../app-context.ts';
import { navigate } from '../router.ts';
import { Page } from '../ui/components.tsx';

/** The server's notifications for this user (handoffs, flags), newest first. */
export function NotificationsPage() {
  const { attention } = useApp();
  const { notifications, unreadNotifications } = useAttention(attention);
  const open = (item: TNotification) => {
    void attention.readNotification(item.id).catch(() => undefined);
    const sessionId = item.metadata?.sessionId;
    if (item.type === 'flag') return navigate('/moderation');
    if (typeof sessionId !== 'string') return;
    attention.pendingOpen = sessionId;
    navigate('/');
  };
  return (
    <Page
      title="Notifications"
      actions={
        unreadNotifications > 0 ? (
          <button
            type="button"
            onClick={() => void attention.readAllNotifications().catch(() => undefined)}
          >
            Mark all read
          </button>
        ) : null
      }
    >
      {notifications.length === 0 ? <p class="muted">Nothing yet.</p> : null}
      <ul class="list notifications" aria-label="Notifications">
        {notifications.map((item) => (
          <li key={item.id}>
            <button
              type="button"
              class={item.read ? 'row' : 'row unread'}
              onClick={() => open(item)}
            >
              <span class="row-title">
                {item.read ? '' : '● '}
                {item.title}
              </span>
              <span class="muted">
                {item.message} · {new Date(item.createdAt).toLocaleString()}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </Page>
  );
}
