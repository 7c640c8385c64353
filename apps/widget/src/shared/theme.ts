/** A colour the widget accepts from config: `#rrggbb` only, so nothing else reaches a stylesheet. */
const HEX_COLOR = /^#[0-9a-f]{6}$/i;
const FALLBACK_COLOR = '#4f46e5';
const WEIGHTS = [0.2126, 0.7152, 0.0722];

/** The configured colour if it is a plain hex colour, else Parley's default. */
export function safeColor(color: string): string {
  return HEX_COLOR.test(color) ? color : FALLBACK_COLOR;
}

/**
 * Relative luminance of a `#rrggbb` colour as WCAG defines it; the 2.2 power stands in for the
 * sRGB curve (within 1%, and much smaller in the loader).
 */
export function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return WEIGHTS.reduce((sum, w, i) => sum + (w * ((n >> (16 - 8 * i)) & 255) ** 2.2) / 196_965, 0);
}

/**
 * The text colour (white or near-black #111, luminance 0.0056) with the higher WCAG contrast on
 * `background`, so a brand colour never produces an unreadable launcher or header.
 *
 * @example
 * textColorFor('#ffeb3b'); // '#111'
 */
export function textColorFor(background: string): string {
  const l = luminance(safeColor(background)) + 0.05;
  return 1.05 / l >= l / 0.0556 ? '#fff' : '#111';
}

/** The stylesheet text that themes the shadow root: colours and stacking, nothing else. */
export function themeCss(config: { primaryColor: string; zIndex: number }): string {
  const color = safeColor(config.primaryColor);
  return `:host{--p:${color};--pt:${textColorFor(color)};--z:${Math.trunc(config.zIndex) || 2147483000}}`;
}
