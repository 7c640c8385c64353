import type { TWidgetPublicConfig } from '@parley/protocol';
import {
  PREVIEW_HEADER,
  type WidgetApp,
  type WidgetAppModule,
  type WidgetEventName,
  type WidgetHost,
} from '../shared/bridge.ts';
import { createLauncher } from './launcher.ts';

/** The hashed path of the chat app, filled in by the build from the app's manifest. */
declare const __PARLEY_APP__: string;

type Listener = (payload: unknown) => void;
type Command = unknown[];
interface ParleyStub {
  (...args: unknown[]): void;
  q?: ArrayLike<unknown>[];
}
declare global {
  interface Window {
    Parley?: ParleyStub;
  }
}

const script = document.currentScript as HTMLScriptElement | null;
const data: DOMStringMap = script?.dataset ?? {};
const serverUrl = new URL(script?.src ?? location.href).origin;
const listeners: Record<string, Listener[]> = {};
const pending: Command[] = [];
let app: WidgetApp | undefined;
let load: (() => void) | undefined;
let isBooted = false;
let hasLogged = false;

/** Logs the first failure once and never lets it reach the host page. */
function report(error: unknown): void {
  if (hasLogged) return;
  hasLogged = true;
  console.error('[Parley]', error);
}

function emit(event: WidgetEventName, payload?: unknown): void {
  for (const fn of listeners[event] ?? []) {
    try {
      fn(payload);
    } catch (error) {
      report(error);
    }
  }
}

/** Runs one JS API call, or queues it until the app is loaded (loading it when it must show). */
function run(args: Command): void {
  try {
    const [name, ...rest] = args as [keyof WidgetApp | 'on', ...unknown[]];
    if (name === 'on') {
      (listeners[rest[0] as string] ??= []).push(rest[1] as Listener);
    } else if (app) {
      (app[name] as (...a: unknown[]) => void)(...rest);
    } else {
      pending.push(args);
      if (name !== 'identify' && name !== 'setLocale') load?.();
    }
  } catch (error) {
    report(error);
  }
}

async function boot(widgetKey: string | null, isEmbedded: boolean): Promise<void> {
  if (isBooted || !widgetKey) return;
  isBooted = true;
  const url = `${serverUrl}/api/v1/widgets/${encodeURIComponent(widgetKey)}/config`;
  const ticket = data.preview;
  // Inline rather than `previewHeaders`: this is the smaller form, and the loader is at its budget.
  const response = await fetch(url, { headers: ticket ? { [PREVIEW_HEADER]: ticket } : {} });
  if (!response.ok) throw new Error(`config ${response.status}`);
  const config = (await response.json()) as TWidgetPublicConfig;
  const ui = createLauncher(config, isEmbedded);
  const host: WidgetHost = {
    serverUrl,
    widgetKey,
    config,
    ui,
    isEmbedded,
    data,
    emit,
  };
  let loading: Promise<void> | undefined;
  load = () => {
    loading ??= (
      import(/* @vite-ignore */ `${serverUrl}/${__PARLEY_APP__}`) as Promise<WidgetAppModule>
    )
      .then((module) => {
        app = module.mountApp(host);
        for (const args of pending.splice(0)) run(args);
      })
      .catch(report);
  };
  const button = ui.button;
  button.addEventListener('pointerenter', load);
  button.addEventListener('focus', load);
  // A click is the visitor's first interaction: from here on the widget may use storage.
  button.addEventListener('click', () => {
    run(['consent']);
    run(['toggle']);
  });
  if (config.initiallyOpen || isEmbedded) run(['open']);
  (window.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 3000)))(load);
  emit('ready');
}

function start(widgetKey: string | null, isEmbedded = false): void {
  boot(widgetKey, isEmbedded).catch(report);
}

try {
  // A second copy (a single-page app re-inserting the tag) leaves the first one in charge, so a
  // page keeps one widget and one session.
  if (!customElements.get('parley-chat')) {
    // Calls queued by the stub before this script ran, in order.
    Array.from(window.Parley?.q ?? [], (args) => run(Array.from(args)));
    const api: ParleyStub = (...args: unknown[]) => run(args);
    window.Parley = api;
    customElements.define(
      'parley-chat',
      class extends HTMLElement {
        connectedCallback() {
          start(this.getAttribute('widget-key'));
        }
      },
    );
    start(data.widgetKey ?? null, data.embed !== undefined);
  }
} catch (error) {
  report(error);
}
