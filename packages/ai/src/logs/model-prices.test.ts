import { describe, expect, it } from 'vitest';
import { estimateCost } from './model-prices.ts';

describe('estimateCost', () => {
  it('prices tokens in and out per million, dated variants like their model', () => {
    expect(estimateCost({ model: 'gpt-4o-mini', tokensIn: 1000, tokensOut: 200 })).toBe(0.00027);
    expect(estimateCost({ model: 'gpt-4o-mini-2024-07-18', tokensIn: 1000, tokensOut: 200 })).toBe(
      0.00027,
    );
    // The longest matching name wins: gpt-4o-mini is not priced as gpt-4o.
    expect(estimateCost({ model: 'gpt-4o-2024-08-06', tokensIn: 1_000_000, tokensOut: 0 })).toBe(
      2.5,
    );
  });
  it('leaves the cost empty for an unpriced model or a call without usage', () => {
    expect(estimateCost({ model: 'llama3.1:8b', tokensIn: 100, tokensOut: 10 })).toBeNull();
    expect(estimateCost({ model: 'gpt-4o', tokensIn: null, tokensOut: null })).toBeNull();
  });
  it('uses an operator price table when given', () => {
    const prices = { 'llama3.1:8b': { inputPerMillion: 1, outputPerMillion: 2 } };
    expect(
      estimateCost({ model: 'llama3.1:8b', tokensIn: 500_000, tokensOut: 500_000, prices }),
    ).toBe(1.5);
  });
});
