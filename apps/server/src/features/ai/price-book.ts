import { DEFAULT_MODEL_PRICES, type ModelPrices } from '@parley/ai';
import type { Database } from '@parley/db';
import type { TModelPrice, TModelPriceSet } from '@parley/protocol';

// Another node's change is seen within this time (each node reloads the table when older).
const RELOAD_AFTER_MS = 60_000;

export interface PriceBook {
  /** The prices `estimated_cost` is computed with now: built-in, then env, then admin rows. */
  current(): ModelPrices;
  /** Every priced model with where its price comes from, by name. */
  list(): Promise<TModelPrice[]>;
  set(model: string, price: TModelPriceSet): Promise<TModelPrice>;
  /** Back to the default; false when no admin price was set. */
  reset(model: string): Promise<boolean>;
  reload(): Promise<void>;
}

/**
 * The price table per model: Parley's list, `AI_MODEL_PRICES` over it, and the prices admins set
 * (`model_prices`) over both. Read synchronously by the answer pipeline from memory; reloaded
 * after every change on this node and, for changes made on another node, when a minute old.
 */
export function createPriceBook(
  db: Database,
  options: { envPrices?: ModelPrices; onError?: (error: unknown) => void },
): PriceBook {
  const envPrices = options.envPrices ?? {};
  const defaults: ModelPrices = { ...DEFAULT_MODEL_PRICES, ...envPrices };
  let table: ModelPrices = defaults;
  let admin = new Set<string>();
  let loadedAt = 0;
  let loading: Promise<void> | null = null;
  const reload = async () => {
    const rows = await db.models.ModelPrice.findAll();
    admin = new Set(rows.map((row) => row.model));
    table = {
      ...defaults,
      ...Object.fromEntries(
        rows.map((row) => [
          row.model,
          { inputPerMillion: row.inputPerMillion, outputPerMillion: row.outputPerMillion },
        ]),
      ),
    };
    loadedAt = Date.now();
  };
  const refresh = () => {
    loading ??= reload()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => (loading = null));
    return loading;
  };
  void refresh();
  return {
    current() {
      if (Date.now() - loadedAt > RELOAD_AFTER_MS) void refresh();
      return table;
    },
    async list() {
      await reload();
      return Object.entries(table)
        .map(([model, price]) => ({
          model,
          ...price,
          source: admin.has(model)
            ? ('admin' as const)
            : model in envPrices
              ? ('env' as const)
              : ('builtin' as const),
        }))
        .sort((a, b) => a.model.localeCompare(b.model));
    },
    async set(model, price) {
      const row = await db.models.ModelPrice.findOne({ where: { model } });
      if (row) await row.update(price);
      else await db.models.ModelPrice.create({ model, ...price });
      await reload();
      return { model, ...price, source: 'admin' };
    },
    async reset(model) {
      const deleted = await db.models.ModelPrice.destroy({ where: { model } });
      await reload();
      return deleted > 0;
    },
    reload,
  };
}
