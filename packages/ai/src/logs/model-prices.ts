/** What a model costs, in US dollars per million tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

/** Prices by model name; a name also prices its dated variants (`gpt-4o-mini-2024-07-18`). */
export type ModelPrices = Readonly<Record<string, ModelPrice>>;

/**
 * List prices of common hosted models (USD per million tokens, as published by their vendors
 * in 2026; check yours). Models not listed (a local Ollama or vLLM model) have no price: their
 * cost is left empty rather than guessed. Operators override or add entries with
 * `AI_MODEL_PRICES`.
 */
export const DEFAULT_MODEL_PRICES: ModelPrices = {
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'o4-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  'gpt-3.5-turbo': { inputPerMillion: 0.5, outputPerMillion: 1.5 },
  'text-embedding-3-small': { inputPerMillion: 0.02, outputPerMillion: 0 },
  'text-embedding-3-large': { inputPerMillion: 0.13, outputPerMillion: 0 },
  'gemini-2.0-flash': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'mistral-small-latest': { inputPerMillion: 0.1, outputPerMillion: 0.3 },
};

/** The price of a model: its own entry, else the longest listed name it starts with. */
function priceOf(model: string, prices: ModelPrices): ModelPrice | null {
  const exact = prices[model];
  if (exact) return exact;
  const prefix = Object.keys(prices)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? prices[prefix]! : null;
}

/**
 * The estimated cost of one provider call, in US dollars; `null` when the model has no price
 * or the provider reported no usage.
 *
 * @example
 * estimateCost({ model: 'gpt-4o-mini', tokensIn: 1000, tokensOut: 200 }) // 0.00027
 */
export function estimateCost(input: {
  model: string;
  tokensIn: number | null;
  tokensOut: number | null;
  prices?: ModelPrices;
}): number | null {
  const price = priceOf(input.model, input.prices ?? DEFAULT_MODEL_PRICES);
  if (!price || (input.tokensIn === null && input.tokensOut === null)) return null;
  const cost =
    ((input.tokensIn ?? 0) * price.inputPerMillion +
      (input.tokensOut ?? 0) * price.outputPerMillion) /
    1_000_000;
  return Math.round(cost * 1e6) / 1e6;
}
