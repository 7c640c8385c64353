import { describe, expect, it } from 'vitest';
import { KnowledgeIndex } from './knowledge-index.ts';

const chunk = (id: string, title: string, content: string) => ({
  id,
  knowledgeBaseId: 'kb',
  title,
  url: null,
  content,
});
const index = new KnowledgeIndex([
  chunk('refunds', 'Refunds', 'Refunds are paid to the original card within 5 working days.'),
  chunk('delivery', 'Delivery', 'Parcels are dispatched from Lyon every weekday.'),
  chunk(
    'policies',
    'Our policies',
    'We are a family business founded in 1982. Our shop sells tents and stoves. Gift cards are valid for 18 months. We love the mountains. Our staff are climbers.',
  ),
  chunk('llm', 'Providers', 'Parley works with Ollama, vLLM and OpenAI.'),
]);
const top = (question: string) => index.search(question, 3)[0]?.chunk.id;

describe('KnowledgeIndex', () => {
  it('finds a passage through a reworded question (synonyms, stems, plurals)', () => {
    expect(top('how do I get my money back')).toBe('refunds');
    expect(top('when do you ship orders')).toBe('delivery');
    expect(top('do vouchers expire?')).toBe('policies');
  });
  it('matches a misspelt or partial word the documents lack, fuzzily', () => {
    expect(top('refnds')).toBe('refunds');
    expect(top('can I use a local llama')).toBe('llm');
  });
  it('does not let an unknown number or a repeated word sink the coverage', () => {
    const [hit] = index.search('when are refunds paid on day 3, day 3', 3);
    expect(hit?.chunk.id).toBe('refunds');
    expect(hit?.coverage).toBeGreaterThan(0.6);
  });
  it('finds nothing for a question that shares no word with the documents', () => {
    expect(index.search('what is the capital of Peru', 3)).toEqual([]);
  });
});
