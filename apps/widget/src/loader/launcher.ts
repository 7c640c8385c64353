import type { TWidgetPublicConfig } from '@parley/protocol';
import { themeCss } from '../shared/theme.ts';
import type { LauncherUi } from '../shared/bridge.ts';
import { LAUNCHER_CSS } from './launcher-css.ts';

const CHAT_ICON = 'M4 5h16v11H9l-5 4z';
const CLOSE_ICON = 'M6 6l12 12M18 6 6 18';

function sheet(css: string): CSSStyleSheet {
  const s = new CSSStyleSheet();
  s.replaceSync(css);
  return s;
}

/**
 * Draws the launcher in a closed-off shadow root appended to the page: host CSS cannot reach
 * in, widget CSS cannot leak out. Built with DOM calls only, without Preact, to keep the loader
 * tiny.
 */
export function createLauncher(config: TWidgetPublicConfig, isEmbedded: boolean): LauncherUi {
  const host = document.createElement('parley-widget');
  const root = host.attachShadow({ mode: 'open' });
  const theme = sheet('');
  root.adoptedStyleSheets = [sheet(LAUNCHER_CSS), theme];

  // Static markup only (no page or visitor data), so this is no injection path. The button needs
  // no type: nothing in a shadow root made here is inside a form.
  root.innerHTML =
    '<div><div></div><button class=b aria-haspopup=dialog><svg viewBox="0 0 24 24" aria-hidden=true><path/></svg><span class=n hidden aria-hidden=true></span></button></div>';
  const wrap = root.firstChild as HTMLDivElement;
  const panelSlot = wrap.firstChild as HTMLDivElement;
  const button = wrap.lastChild as HTMLButtonElement;
  const path = button.querySelector('path')!;
  const badge = button.lastChild as HTMLSpanElement;
  (document.body ?? document.documentElement).append(host);

  let title = config.title;
  let isOpen = false;
  let unread = 0;
  const label = () => {
    button.setAttribute('aria-expanded', `${isOpen}`);
    // The name is the widget's title; aria-expanded says open or closed, the badge counts.
    button.setAttribute('aria-label', unread ? `${title} (${unread})` : title);
    path.setAttribute('d', isOpen ? CLOSE_ICON : CHAT_ICON);
  };
  const apply = (next: TWidgetPublicConfig) => {
    title = next.title;
    theme.replaceSync(themeCss(next));
    const position = next.position;
    wrap.className = `w${position.endsWith('left') ? ' l' : ''}${position.startsWith('top') ? ' t' : ''}${next.showOnMobile ? '' : ' m'}${isEmbedded ? ' e' : ''}${isOpen ? ' o' : ''}`;
    label();
  };
  apply(config);
  return {
    panelSlot,
    button,
    apply,
    setOpen: (open) => {
      isOpen = open;
      wrap.classList.toggle('o', open);
      label();
    },
    setUnread: (count) => {
      unread = count;
      badge.hidden = !count;
      badge.textContent = `${count}`;
      label();
    },
  };
}
