import type { PREVIEW_TICKET_HEADER, TIdentify, TWidgetPublicConfig } from '@parley/protocol';

/** The protocol's header name, typed against it (the widget imports no runtime code from it). */
export const PREVIEW_HEADER: typeof PREVIEW_TICKET_HEADER = 'x-parley-preview';

/** Request headers for the public REST API: the preview ticket, in the dashboard's preview only. */
export function previewHeaders(previewTicket: string | undefined): Record<string, string> {
  return previewTicket ? { [PREVIEW_HEADER]: previewTicket } : {};
}

/** Events a host page can listen to with `Parley('on', event, fn)` (SPEC §4.1). */
export type WidgetEventName = 'ready' | 'open' | 'close' | 'message' | 'unread';

/** Where the visitor token and open session are kept once the visitor has interacted. */
export type PersistMode = 'local' | 'session' | 'none';

/**
 * What the loader hands to the lazily loaded chat app. The loader owns the shadow root, the
 * launcher and the host page's listeners; the app owns the panel and the connection.
 */
export interface WidgetHost {
  serverUrl: string;
  widgetKey: string;
  config: TWidgetPublicConfig;
  /** The launcher drawn by the loader; its `panelSlot` is where the panel renders. */
  ui: LauncherUi;
  isEmbedded: boolean;
  /** The script tag's data attributes the app reads (the loader hands over the whole dataset). */
  data: {
    /** `data-persist`: `local`, `session` or `none`. */
    persist?: string;
    /**
     * `data-preview`: a preview ticket, on the dashboard's sandboxed preview only (the page
     * `/embed/:key?preview=` sets it). Sent with every request, since that origin is `null`.
     */
    preview?: string;
  };
  /** Calls the host page's `Parley('on', event, fn)` listeners. */
  emit(event: WidgetEventName, payload?: unknown): void;
}

/** What the loader drew in the shadow root. */
export interface LauncherUi {
  panelSlot: HTMLElement;
  /** The launcher button (hidden in the iframe page), where focus returns on close. */
  button: HTMLButtonElement;
  /** Re-applies colours, position and z-index, e.g. after a `config:update`. */
  apply(config: TWidgetPublicConfig): void;
  setOpen(isOpen: boolean): void;
  setUnread(count: number): void;
}

/** The chat app's side of the JS API; the loader forwards queued calls to it. */
export interface WidgetApp {
  /** The visitor interacted (clicked the launcher, typed): storage may now be used. */
  consent(): void;
  open(): void;
  close(): void;
  toggle(): void;
  identify(identity: TIdentify): void;
  reset(): void;
  setLocale(locale: string): void;
  send(text: string): void;
}

/** The module the loader imports lazily. */
export interface WidgetAppModule {
  mountApp(host: WidgetHost): WidgetApp;
}
