import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { h } from 'preact';
import { Window } from 'happy-dom';
import { renderMarkdown } from './markdown.ts';

function html(source: string): HTMLElement {
  const window = new Window();
  const container = window.document.createElement('div') as unknown as HTMLElement;
  Object.assign(globalThis, { document: window.document });
  render(h('div', null, renderMarkdown(source)), container);
  return container;
}

describe('renderMarkdown', () => {
  it('renders the supported subset', () => {
    const el = html('**Hi** *there*, see [docs](https://example.com/a) or `x`\n\n- one\n- two');
    expect(el.querySelector('strong')?.textContent).toBe('Hi');
    expect(el.querySelector('em')?.textContent).toBe('there');
    const a = el.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.com/a');
    expect(a.getAttribute('target')).toBe('_blank');
    expect(a.getAttribute('rel')).toContain('noopener');
    expect(el.querySelector('code')?.textContent).toBe('x');
    expect(Array.from(el.querySelectorAll('li'), (li) => li.textContent)).toEqual(['one', 'two']);
  });

  it('shows HTML and script payloads as text and creates no element from them', () => {
    const payload = '<img src=x onerror="alert(1)"><script>alert(2)</script><b>bold</b>';
    const el = html(payload);
    expect(el.textContent).toBe(payload);
    expect(el.querySelector('img, script, b')).toBeNull();
  });

  it('keeps underscores inside words literal', () => {
    const el = html('use wk_demo and wk_live keys');
    expect(el.querySelector('em')).toBeNull();
    expect(el.textContent).toBe('use wk_demo and wk_live keys');
  });

  it('refuses links that are not http(s) or mailto', () => {
    const el = html('[click](javascript:alert(1)) and [data](data:text/html,hi)');
    expect(el.querySelector('a')).toBeNull();
    expect(el.textContent).toContain('[click](javascript:alert(1))');
  });
});
