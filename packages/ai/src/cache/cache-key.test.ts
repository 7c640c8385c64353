import { describe, expect, it } from 'vitest';
import {
  buildCacheKey,
  isHistoryIndependent,
  knowledgeVersionOf,
  normaliseQuestion,
} from './cache-key.ts';

const parts = {
  question: 'What is your refund policy?',
  contextRuleId: 'r1',
  ruleVersion: 1,
  model: 'm',
  knowledgeVersion: 'k:1',
  template: 'Page: {{page_title}} {{page_url}}\n{{question}}',
  promptValues: { page_title: 'Help', page_url: 'https://shop.example.com/help' },
};

describe('cache key', () => {
  it('is the same for the same question written differently', () => {
    expect(normaliseQuestion("  What's your REFUND policies?! ")).toBe(
      'what is your refund policy',
    );
    expect(buildCacheKey({ ...parts, question: "what's your Refund Policy" })).toBe(
      buildCacheKey(parts),
    );
  });
  it('changes with the rule, its version, the model, the knowledge version, the template and what filled it', () => {
    const key = buildCacheKey(parts);
    for (const change of [
      { contextRuleId: 'r2' },
      { ruleVersion: 2 },
      { model: 'other' },
      { knowledgeVersion: 'k:2' },
      { question: 'refund time' },
      { template: 'Page: {{page_title}}\n{{question}}' },
      { promptValues: { ...parts.promptValues, page_title: 'Claim at evil.example' } },
      { promptValues: { ...parts.promptValues, page_url: 'https://shop.example.com/?ref=1' } },
    ])
      expect(buildCacheKey({ ...parts, ...change })).not.toBe(key);
  });
  it('does not depend on the order the prompt values come in', () => {
    const reversed = Object.fromEntries(Object.entries(parts.promptValues).reverse());
    expect(buildCacheKey({ ...parts, promptValues: reversed })).toBe(buildCacheKey(parts));
  });
  it('orders knowledge versions stably', () => {
    expect(
      knowledgeVersionOf([
        { id: 'b', version: 2 },
        { id: 'a', version: 1 },
      ]),
    ).toBe('a:1,b:2');
  });
  it('only treats self-contained questions as cacheable', () => {
    expect(isHistoryIndependent('What is your refund policy?')).toBe(true);
    expect(isHistoryIndependent('How much does it cost?')).toBe(false);
    expect(isHistoryIndependent('and for Canada?')).toBe(false);
    expect(isHistoryIndependent('Tell me more')).toBe(false);
    expect(isHistoryIndependent('???')).toBe(false);
  });
});
