import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient } from './api/api-client.ts';
import { Attention, type AlertPrefs } from './api/attention.ts';
import { AppContextProvider, useAttention } from './app-context.ts';
import { connectLive, type LiveSocket, type LiveState } from './api/live-inbox.ts';
import { AnalyticsPage } from './pages/analytics-page.tsx';
import { ContextRulesPage } from './pages/context-rules-page.tsx';
import { InboxPage } from './pages/inbox-page.tsx';
import { IntegrationsPage } from './pages/integrations-page.tsx';
import { KnowledgePage } from './pages/knowledge-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { ModerationPage } from './pages/moderation-page.tsx';
import { NotificationsPage } from './pages/notifications-page.tsx';
import { ResourcePage } from './pages/resource-page.tsx';
import { Page } from './ui/components.tsx';
import {
  BANS,
  CANNED_REPLIES,
  PROMPT_TEMPLATES,
  PROVIDER_KEYS,
  USERS,
} from './pages/resource-specs.ts';
import { WidgetsPage } from './pages/widgets-page.tsx';
import { navigate, useRoute } from './router.ts';
import { PresenceSwitch } from './ui/presence-switch.tsx';

const NAV: Array<{ path: string; label: string; isAdminOnly?: boolean }> = [
  { path: '/', label: 'Inbox' },
  { path: '/widgets', label: 'Widgets', isAdminOnly: true },
  { path: '/context-rules', label: 'Context rules', isAdminOnly: true },
  { path: '/prompt-templates', label: 'Prompt templates', isAdminOnly: true },
  { path: '/canned-replies', label: 'Canned replies', isAdminOnly: true },
  { path: '/knowledge', label: 'Knowledge', isAdminOnly: true },
  { path: '/moderation', label: 'Moderation', isAdminOnly: true },
  { path: '/bans', label: 'Bans', isAdminOnly: true },
  { path: '/users', label: 'Users', isAdminOnly: true },
  { path: '/provider-keys', label: 'Provider keys', isAdminOnly: true },
  { path: '/analytics', label: 'Analytics', isAdminOnly: true },
  { path: '/integrations', label: 'Integrations', isAdminOnly: true },
];

export function App() {
  const api = useMemo(() => new ApiClient(), []);
  const attention = useMemo(() => new Attention(api), [api]);
  const seen = useAttention(attention);
  const [user, setUser] = useState(api.session?.user ?? null);
  const [isRestoring, setRestoring] = useState(true);
  const [live, setLive] = useState<LiveSocket | null>(null);
  const [liveState, setLiveState] = useState<LiveState>('connecting');
  // On a phone the menu is a compact bar; its links open below it on demand.
  const [isMenuOpen, setMenuOpen] = useState(false);
  const path = useRoute();
  useEffect(() => setMenuOpen(false), [path]);
  useEffect(() => {
    api.onSignedOut = () => setUser(null);
    // An unreachable server keeps the stored token: the next visit can still restore it.
    void api
      .refresh()
      .catch(() => false)
      .then(() => {
        setUser(api.session?.user ?? null);
        setRestoring(false);
      });
  }, [api]);
  useEffect(() => {
    if (!user) return;
    const connection = connectLive(api);
    setLiveState(connection.state());
    connection.onState(setLiveState);
    setLive(connection.socket);
    const detach = attention.attach(connection.socket);
    return () => {
      detach();
      connection.close();
      setLive(null);
    };
  }, [api, attention, user]);
  // Someone is waiting: the count shows in the tab, even when another tab is in front.
  useEffect(() => {
    document.title = seen.total > 0 ? `(${seen.total}) Parley dashboard` : 'Parley dashboard';
  }, [seen.total]);

  if (isRestoring) return <p class="muted center">Loading…</p>;
  if (!user) return <LoginPage api={api} onSignedIn={() => setUser(api.session?.user ?? null)} />;
  return (
    <AppContextProvider.Provider value={{ api, live, attention }}>
      <div class="shell">
        <a class="skip" href="#main">
          Skip to content
        </a>
        <ConnectionBar state={liveState} />
        <nav class="nav" aria-label="Sections">
          <strong class="brand">Parley</strong>
          <button
            type="button"
            class="menu-toggle"
            aria-expanded={isMenuOpen}
            aria-controls="nav-menu"
            onClick={() => setMenuOpen(!isMenuOpen)}
          >
            Menu
            <NavBadge count={seen.total} what="waiting" />
          </button>
          <div id="nav-menu" class="nav-menu" data-open={isMenuOpen ? 'yes' : 'no'}>
            {NAV.filter((item) => !item.isAdminOnly || user.role === 'admin').map((item) => (
              <a
                key={item.path}
                href={`/admin${item.path}`}
                onClick={(event) => {
                  event.preventDefault();
                  navigate(item.path);
                }}
              >
                {item.label}
                <NavBadge count={item.path === '/' ? seen.total : 0} what="unread messages" />
              </a>
            ))}
            <a
              href="/admin/notifications"
              onClick={(event) => {
                event.preventDefault();
                navigate('/notifications');
              }}
            >
              Notifications
              <NavBadge count={seen.unreadNotifications} what="unread notifications" />
            </a>
            <fieldset class="alerts">
              <legend>Alert me</legend>
              {ALERTS.map(([name, label]) => (
                <label key={name}>
                  <input
                    type="checkbox"
                    checked={seen.prefs[name]}
                    onChange={(e) =>
                      void attention.setPref(name, (e.target as HTMLInputElement).checked)
                    }
                  />
                  {label}
                </label>
              ))}
            </fieldset>
            <PresenceSwitch live={live} />
            <span class="muted who">
              {user.fullName} ({user.role})
            </span>
            <button type="button" onClick={() => api.signOut()}>
              Sign out
            </button>
          </div>
        </nav>
        <main id="main" class="main">
          <Routes isAdmin={user.role === 'admin'} />
        </main>
      </div>
    </AppContextProvider.Provider>
  );
}

const ALERTS: Array<[keyof AlertPrefs, string]> = [
  ['sound', 'Sound'],
  ['desktop', 'Desktop notifications'],
];

function NavBadge(props: { count: number; what: string }) {
  if (props.count <= 0) return null;
  return (
    <span class="nav-badge" aria-label={`${props.count} ${props.what}`}>
      {props.count > 99 ? '99+' : props.count}
    </span>
  );
}

const CONNECTION_TEXT: Record<LiveState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Connection lost: reconnecting…',
};

/** Always at the top of the screen: whether the inbox is hearing new conversations. */
function ConnectionBar(props: { state: LiveState }) {
  return (
    <div
      class="connection"
      role="status"
      data-live={props.state === 'live' ? 'on' : 'off'}
      data-state={props.state}
    >
      <span class="dot" aria-hidden="true" />
      {CONNECTION_TEXT[props.state]}
    </div>
  );
}

/** An admin page opened by an agent (a bookmark, a link from a colleague): said, not half-shown. */
function AdminOnly() {
  return (
    <Page title="For admins">
      <p>This page is for admins. Ask an admin of this Parley if something here needs changing.</p>
    </Page>
  );
}

function Routes(props: { isAdmin: boolean }) {
  const path = useRoute();
  const page = NAV.find((item) => item.path !== '/' && path.startsWith(item.path));
  if (page?.isAdminOnly && !props.isAdmin) return <AdminOnly />;
  if (path.startsWith('/widgets')) return <WidgetsPage />;
  if (path.startsWith('/context-rules')) return <ContextRulesPage />;
  if (path.startsWith('/prompt-templates')) return <ResourcePage spec={PROMPT_TEMPLATES} />;
  if (path.startsWith('/canned-replies')) return <ResourcePage spec={CANNED_REPLIES} />;
  if (path.startsWith('/knowledge')) return <KnowledgePage />;
  if (path.startsWith('/moderation')) return <ModerationPage />;
  if (path.startsWith('/bans')) return <ResourcePage spec={BANS} />;
  if (path.startsWith('/users')) return <ResourcePage spec={USERS} />;
  if (path.startsWith('/provider-keys')) return <ResourcePage spec={PROVIDER_KEYS} />;
  if (path.startsWith('/analytics')) return <AnalyticsPage />;
  if (path.startsWith('/integrations')) return <IntegrationsPage />;
  if (path.startsWith('/notifications')) return <NotificationsPage />;
  return <InboxPage />;
}
