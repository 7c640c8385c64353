import { describe, expect, it } from 'vitest';
import { describeBrowser } from './visitor-panel-service.ts';

describe('describeBrowser', () => {
  it('names the browser, its major version and the system', () => {
    const chrome =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.71 Safari/537.36';
    expect(describeBrowser(chrome)).toBe('Chrome 120 on Linux');
  });

  it('gives nothing for a header that names no browser', () => {
    expect(describeBrowser('curl-less-robot')).toBeNull();
  });
});
