/**
 * The launcher's stylesheet, adopted into the shadow root (no inline styles, so a strict CSP
 * needs no 'unsafe-inline'). `:host` rules are `!important` because host-page rules such as
 * `* { all: unset }` otherwise win over a shadow root's styling of its own host. Rules only the
 * open panel needs live in the app's stylesheet.
 */
export const LAUNCHER_CSS =
  ':host{all:initial!important;display:block!important}' +
  '.w{position:fixed;z-index:var(--z);bottom:20px;right:20px;display:flex;flex-direction:column;align-items:flex-end;gap:12px}' +
  '.l{right:auto;left:20px;align-items:flex-start}.t{bottom:auto;top:20px;flex-direction:column-reverse}' +
  '.b{all:unset;display:grid;place-items:center;width:56px;height:56px;border-radius:50%;background:var(--p);color:var(--pt);cursor:pointer;box-shadow:0 4px 14px #0004;position:relative}' +
  '.b:focus-visible{box-shadow:0 0 0 3px #fff,0 0 0 6px #111}.b svg{width:26px;fill:none;stroke:currentColor;stroke-width:2;stroke-linejoin:round}' +
  '.n{position:absolute;top:-4px;right:-4px;padding:0 6px;border-radius:9px;background:#c00;color:#fff;font:700 12px/18px sans-serif}.n[hidden]{display:none}' +
  '@media (max-width:639px){.m{display:none}}';
