import { describe, expect, it } from 'vitest';
import { bestCpuTimeMs } from '../test-support/best-time.ts';
import { decideTopic, type TopicInput } from './topic-decision.ts';
import { matchTerms } from './topic-matcher.ts';
import { matchWildcard, routeContextRule } from './context-routing.ts';

const base: TopicInput = {
  mode: 'restricted',
  question: '',
  keywords: ['refund', 'shipping', 'gift card'],
  excludedTopics: ['politics', 'crypto'],
  knowledgeScore: 0,
  knowledgeCoverage: 0,
  knowledgeThreshold: 2,
};

describe('matchTerms', () => {
  it('ignores case, accents and simple plurals on word boundaries', () => {
    expect(matchTerms('How do REFUNDS work?', ['refund'])).toEqual(['refund']);
    expect(matchTerms('Quelle est la politique de livraisón', ['LIVRAISON'])).toEqual([
      'LIVRAISON',
    ]);
    expect(matchTerms('our policies', ['policy'])).toEqual(['policy']);
    expect(matchTerms('two boxes', ['box'])).toEqual(['box']);
  });
  it('does not match inside another word', () => {
    expect(matchTerms('I was refundable? no: unrefunded', ['refund'])).toEqual([]);
    expect(matchTerms('cryptography lessons', ['crypto'])).toEqual([]);
  });
  it('matches multi-word terms only in sequence', () => {
    expect(matchTerms('Can I buy a Gift-Card?', ['gift card'])).toEqual(['gift card']);
    expect(matchTerms('a card as a gift', ['gift card'])).toEqual([]);
  });
  it('matches 500 terms against a long message that folding expands, quickly', () => {
    // 3,990 × U+FDFA fold to 16,000 words; each term used to walk them all (60 ms a list).
    const terms = [...Array.from({ length: 499 }, (_, index) => `topic ${index}`), 'gift card'];
    const message = `Gift cards? ${'\uFDFA'.repeat(3990)}`;
    expect(matchTerms(message, terms)).toEqual(['gift card']);
    expect(bestCpuTimeMs(() => matchTerms(message, terms))).toBeLessThan(20);
  });
});

describe('decideTopic', () => {
  it('restricted: answers on a keyword and says which', () => {
    const result = decideTopic({ ...base, question: 'When is my refund coming?' });
    expect(result).toMatchObject({
      decision: 'answer',
      reason: 'keyword_match',
      matchedKeywords: ['refund'],
    });
  });
  it('restricted: refuses an off-topic question, explaining the threshold', () => {
    const result = decideTopic({ ...base, question: 'Write me a poem', knowledgeScore: 1.5 });
    expect(result.decision).toBe('refuse');
    expect(result.reason).toBe('off_topic');
    expect(result.explanation).toContain('threshold 2');
  });
  it('restricted: knowledge at the threshold makes a question on-topic', () => {
    const result = decideTopic({
      ...base,
      question: 'Where are you based?',
      knowledgeScore: 2,
      knowledgeCoverage: 0.8,
    });
    expect(result).toMatchObject({ decision: 'answer', reason: 'knowledge_match' });
  });
  it('restricted: a high score on a passage covering little of the question is off-topic', () => {
    const result = decideTopic({
      ...base,
      question: 'How do I install Windows 11 on my laptop?',
      knowledgeScore: 40,
      knowledgeCoverage: 0.2,
    });
    expect(result).toMatchObject({ decision: 'refuse', reason: 'off_topic' });
    expect(result.explanation).toContain('20 %');
  });
  it('excluded topics win over keywords in restricted and open modes', () => {
    for (const mode of ['restricted', 'open'] as const) {
      const result = decideTopic({ ...base, mode, question: 'Refund me in Crypto' });
      expect(result).toMatchObject({
        decision: 'refuse',
        reason: 'excluded_topic',
        matchedExcludedTopics: ['crypto'],
      });
    }
  });
  it('refuses unchecked a question padded past what the checks read, when there is a rule to enforce', () => {
    // U+FDFA folds to 18 letters: 900 of them fill the bounded read, hiding what follows.
    const padded = `${'\uFDFA'.repeat(900)} what do you think about politics?`;
    for (const mode of ['restricted', 'open'] as const)
      expect(decideTopic({ ...base, mode, question: padded })).toMatchObject({
        decision: 'refuse',
        reason: 'too_long',
      });
    const keywords = `${'refund '.repeat(2300)}what do you think about politics?`;
    expect(decideTopic({ ...base, question: keywords }).reason).toBe('too_long');
    // Nothing to enforce (open, no excluded topic): a long question is the model's to answer.
    expect(
      decideTopic({ ...base, mode: 'open', excludedTopics: [], question: padded }).decision,
    ).toBe('answer');
    // An ordinary long message is read whole and decided as usual.
    const long = `${'Where is my refund? '.repeat(200)}`;
    expect(decideTopic({ ...base, question: long }).reason).toBe('keyword_match');
  });
  it('open answers anything else; custom leaves it to the template', () => {
    expect(decideTopic({ ...base, mode: 'open', question: 'Write me a poem' }).reason).toBe(
      'open_mode',
    );
    expect(decideTopic({ ...base, mode: 'custom', question: 'politics' }).decision).toBe('answer');
  });
});

describe('routeContextRule', () => {
  const routes = [
    { pattern: '/docs/*', contextRuleId: 'docs' },
    { pattern: 'shop.example.com/*', contextRuleId: 'shop' },
  ];
  it('routes by path, then by host, else the widget rule', () => {
    expect(
      routeContextRule({
        pageUrl: 'https://a.com/docs/install?x=1',
        routes,
        defaultRuleId: 'main',
      }),
    ).toBe('docs');
    expect(
      routeContextRule({ pageUrl: 'https://shop.example.com/cart', routes, defaultRuleId: 'main' }),
    ).toBe('shop');
    expect(
      routeContextRule({ pageUrl: 'https://a.com/pricing', routes, defaultRuleId: 'main' }),
    ).toBe('main');
    expect(routeContextRule({ pageUrl: 'not a url', routes, defaultRuleId: 'main' })).toBe('main');
    expect(routeContextRule({ pageUrl: null, routes, defaultRuleId: null })).toBeNull();
  });
  it('matches wildcards without backtracking blow-up', () => {
    expect(matchWildcard('/a*b*c', '/axxbyyc')).toBe(true);
    expect(matchWildcard('/a*b*c', '/axxbyy')).toBe(false);
    const started = performance.now();
    expect(matchWildcard('*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
