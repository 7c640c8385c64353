import { render } from 'preact';
import type { TWidgetPublicConfig } from '@parley/protocol';
import { previewHeaders, type WidgetApp, type WidgetHost } from '../shared/bridge.ts';
import { createChatClient } from './chat/chat-client.ts';
import { createVisitorStore } from './chat/storage.ts';
import { countUnread } from './chat/message-state.ts';
import { Panel } from './ui/panel.tsx';
import css from './ui/app.css?inline';

/**
 * Mounts the chat app into the loader's shadow root. Called once by the loader, which forwards
 * every JS API call to the returned object.
 */
export function mountApp(host: WidgetHost): WidgetApp {
  const root = host.ui.panelSlot.getRootNode() as ShadowRoot;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];

  const { persist: wanted, preview: previewTicket } = host.data;
  const persist = wanted === 'session' || wanted === 'none' ? wanted : 'local';
  const store = createVisitorStore(host.widgetKey, persist);
  let config = host.config;
  let locale = config.locale;
  let isOpen = false;

  const refreshConfig = async () => {
    const url = `${host.serverUrl}/api/v1/widgets/${encodeURIComponent(host.widgetKey)}/config`;
    const res = await fetch(url, {
      cache: 'no-cache',
      credentials: 'omit',
      headers: previewHeaders(previewTicket),
    });
    if (!res.ok) return;
    config = (await res.json()) as TWidgetPublicConfig;
    host.ui.apply(config);
    draw();
  };
  const client = createChatClient({
    serverUrl: host.serverUrl,
    widgetKey: host.widgetKey,
    previewTicket,
    store,
    onIncoming: (message) => host.emit('message', message),
    onConfigUpdate: () => void refreshConfig().catch(() => undefined),
  });

  let lastUnread = 0;
  const updateUnread = () => {
    const unread = isOpen ? 0 : countUnread(client.state.get().messages, store.read().readSeq);
    if (unread === lastUnread) return;
    lastUnread = unread;
    host.ui.setUnread(unread);
    host.emit('unread', unread);
  };
  client.state.subscribe(updateUnread);

  function draw(): void {
    render(
      isOpen ? (
        <Panel
          client={client}
          config={config}
          locale={locale}
          isEmbedded={host.isEmbedded}
          onClose={() => app.close()}
        />
      ) : null,
      host.ui.panelSlot,
    );
  }

  const app: WidgetApp = {
    consent: () => store.consent(),
    open() {
      if (isOpen) return;
      isOpen = true;
      client.connect();
      host.ui.setOpen(true);
      draw();
      updateUnread();
      host.emit('open');
    },
    close() {
      if (!isOpen || host.isEmbedded) return;
      isOpen = false;
      draw();
      host.ui.setOpen(false);
      host.ui.button.focus();
      updateUnread();
      host.emit('close');
    },
    toggle: () => (isOpen ? app.close() : app.open()),
    identify: (identity) => void client.identify(identity),
    reset() {
      client.reset();
      if (isOpen) client.connect();
    },
    setLocale(next) {
      locale = next;
      draw();
    },
    send(text) {
      store.consent();
      app.open();
      client.send(String(text));
    },
  };
  // A returning visitor (who consented before) reconnects at once, for the unread badge.
  if (store.read().sessionId) client.connect();
  return app;
}
