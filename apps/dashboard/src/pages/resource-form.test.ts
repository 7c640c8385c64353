import { describe, expect, it } from 'vitest';
import { changedOnly, toBody, toInputValue } from './resource-form.ts';
import type { FieldSpec } from './resource-specs.ts';

const fields: FieldSpec[] = [
  { name: 'name', label: 'Name', kind: 'text', isRequired: true },
  { name: 'keywords', label: 'Keywords', kind: 'list' },
  { name: 'historyTurns', label: 'Turns', kind: 'number' },
  { name: 'password', label: 'Password', kind: 'secret' },
  { name: 'email', label: 'Email', kind: 'text', isCreateOnly: true },
  { name: 'role', label: 'Role', kind: 'select', options: ['agent', 'admin'] },
];

describe('resource forms', () => {
  it('turns inputs into a request body', () => {
    const body = toBody(
      fields,
      {
        name: ' Docs ',
        keywords: 'install\nsetup, pricing',
        historyTurns: '4',
        password: '',
        email: 'a@b.c',
        role: '',
      },
      true,
    );
    expect(body).toEqual({
      name: 'Docs',
      keywords: ['install', 'setup', 'pricing'],
      historyTurns: 4,
      email: 'a@b.c',
    });
  });

  it('never sends create-only fields on edit, and clears optional ones with null', () => {
    const body = toBody(
      fields,
      { name: 'Docs', keywords: '', historyTurns: '', email: 'x@y.z' },
      false,
    );
    expect(body).toEqual({ name: 'Docs', keywords: null, historyTurns: null });
  });

  it('never fills a secret back into its input', () => {
    expect(toInputValue(fields[3]!, 'hash')).toBe('');
    expect(toInputValue(fields[1]!, ['a', 'b'])).toBe('a\nb');
  });
});

describe('picked ids and page routes', () => {
  const picks: FieldSpec[] = [
    { name: 'knowledgeBaseIds', label: 'Knowledge bases', kind: 'refs' },
    { name: 'contextRoutes', label: 'Page routes', kind: 'routes' },
  ];
  const route = (pattern: string, contextRuleId: string) => ({ pattern, contextRuleId });

  it('sends ticked ids and filled routes, drops blank rows, clears emptied ones on edit', () => {
    const values = {
      knowledgeBaseIds: ['kb-1'],
      contextRoutes: [route(' /docs/* ', 'r-1'), route('', '')],
    };
    expect(toBody(picks, values, true)).toEqual({
      knowledgeBaseIds: ['kb-1'],
      contextRoutes: [route('/docs/*', 'r-1')],
    });
    expect(toBody(picks, { knowledgeBaseIds: [], contextRoutes: [] }, true)).toEqual({});
    expect(toBody(picks, { knowledgeBaseIds: [], contextRoutes: [] }, false)).toEqual({
      knowledgeBaseIds: null,
      contextRoutes: null,
    });
    expect(toInputValue(picks[1]!, null)).toEqual([]);
  });

  it('refuses a half-filled route, naming the route field', () => {
    expect(() => toBody(picks, { contextRoutes: [route('/docs/*', '')] }, true)).toThrow(
      'Route 1: choose the rule for these pages',
    );
    expect(() => toBody(picks, { contextRoutes: [route('', 'r-1')] }, true)).toThrow(
      /Route 1: type/,
    );
  });
});

describe('changedOnly', () => {
  it('keeps only what the admin changed, so untouched fields are not rewritten', () => {
    const before = { name: 'Docs', description: null, content: 'Long text', keywords: ['a'] };
    expect(
      changedOnly(
        { name: 'Docs', description: 'FAQ', content: 'Long text', keywords: ['a'] },
        before,
      ),
    ).toEqual({ description: 'FAQ' });
    expect(changedOnly({ keywords: ['a', 'b'] }, before)).toEqual({ keywords: ['a', 'b'] });
  });
});
