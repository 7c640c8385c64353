import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import type { ModerationRuleInput } from './rule-types.ts';

function readCorpus(name: string): string[] {
  const file = new URL(`../test-corpus/${name}`, import.meta.url);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) =>
      line.replace(/\\(n|t|\\)/g, (_all, c: string) => ({ n: '\n', t: '\t' })[c] ?? '\\'),
    );
}

const blockRule: ModerationRuleInput = {
  id: 'rule-kys',
  pattern: 'kill yourself',
  isRegex: false,
  action: 'block',
  isActive: true,
};

describe('one plain-phrase rule against the corpora', () => {
  const evasions = readCorpus('evasions.txt');
  const ordinary = readCorpus('ordinary.txt');

  it('has at least 50 evasive spellings and 50 ordinary sentences', () => {
    expect(evasions.length).toBeGreaterThanOrEqual(50);
    expect(ordinary.length).toBeGreaterThanOrEqual(50);
  });

  it('blocks every evasive spelling', () => {
    const missed = evasions.filter((text) => evaluate(text, [blockRule]).action !== 'block');
    expect(missed).toEqual([]);
  });

  it('lets every ordinary sentence through', () => {
    const caught = ordinary.filter((text) => evaluate(text, [blockRule]).action !== 'allow');
    expect(caught).toEqual([]);
  });
});
