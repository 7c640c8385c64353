import { describe, expect, it } from 'vitest';
import {
  answerFromKnowledge,
  decideTopic,
  DEFAULT_KNOWLEDGE_THRESHOLD,
  KnowledgeIndex,
} from '@parley/ai';
import { DEMO_FAQ } from './demo-faq.ts';

// The passages as the demo seed writes them (heading repeated in the body).
const index = new KnowledgeIndex(
  DEMO_FAQ.map(({ question, answer }, position) => ({
    id: String(position),
    knowledgeBaseId: 'demo',
    title: question,
    url: null,
    content: `${question}\n${answer}`,
  })),
);
const ask = (question: string) =>
  answerFromKnowledge({
    question,
    hits: index.search(question, 3),
    minScore: DEFAULT_KNOWLEDGE_THRESHOLD,
  });

// Issue #12: three questions in a visitor's words that the first answerer could not answer.
describe('the demo FAQ with the built-in answerer', () => {
  it('answers reworded questions with the right fact, in a chat bubble', () => {
    const wordpress = ask('can I use it on my WordPress blog');
    expect(wordpress.text).toMatch(/script tag/);
    expect(ask('a local Llama instead of paying OpenAI').text).toMatch(/Ollama|llama\.cpp/);
    expect(ask('can someone from my team jump into the chat').text).toMatch(/take it over/);
    for (const answer of [wordpress, ask('a local Llama instead of paying OpenAI')]) {
      expect(answer.isKnown).toBe(true);
      expect(answer.text.length).toBeLessThan(400);
    }
  });
  it('does not answer an off-topic question with FAQ text', () => {
    expect(ask('which website builder is the best for a blog').isKnown).toBe(false);
    // A visitor's password is not an API key.
    expect(ask('I forgot my password').isKnown).toBe(false);
  });
  it('answers which frameworks it works with', () => {
    for (const question of ['Does it work with React?', 'will it work in my angular app']) {
      const answer = ask(question);
      expect(answer.isKnown).toBe(true);
      expect(answer.text).toMatch(/any framework/);
    }
  });
  // Paraphrases a new visitor typed into the demo, refused or not known before.
  it('answers everyday paraphrases, and the colour one passes the gate on knowledge alone', () => {
    const cases: [string, RegExp][] = [
      ['can I change the colour of the chat button', /brand colour/],
      ['is my data stored in the EU?', /self-hosted/],
      ['Question number 3: how do I embed the widget on page 3?', /script tag/],
    ];
    for (const [question, fact] of cases) expect(ask(question).text).toMatch(fact);
    const question = 'can I change the colour of the chat button';
    const hits = index.search(question, 3);
    const decision = decideTopic({
      mode: 'restricted',
      question,
      keywords: [],
      excludedTopics: [],
      knowledgeScore: hits[0]?.score ?? 0,
      knowledgeCoverage: Math.max(0, ...hits.map((hit) => hit.coverage)),
      knowledgeThreshold: DEFAULT_KNOWLEDGE_THRESHOLD,
    });
    expect(decision.reason).toBe('knowledge_match');
  });
  it('still does not answer off-topic questions', () => {
    for (const question of [
      'How much does it cost?',
      "what's the weather in Paris",
      'write me a poem',
      'how do I change the colour of my car',
    ])
      expect(ask(question).isKnown).toBe(false);
  });
});
