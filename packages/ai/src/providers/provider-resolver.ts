import type { ApiKey, Database } from '@parley/db';
import type { NetworkPolicy } from '../net/network-guard.ts';
import type { ChatProvider } from './chat-provider.ts';
import {
  createOpenAiProvider,
  type OpenAiProviderOptions,
  type ProviderCallRecord,
  type ProviderTimeouts,
  type RetryPolicy,
} from './openai-provider.ts';
import { decryptSecret } from './secret-box.ts';
import { createFallbackProvider } from './fallback-provider.ts';

export interface ProviderSettings {
  /** `AI_BASE_URL`, `AI_API_KEY`, `AI_MODEL` from the environment (trusted: the operator's). */
  env: {
    baseUrl?: string | undefined;
    apiKey?: string | undefined;
    model?: string | undefined;
    /** Models tried in order when the first fails before its first token (`AI_FALLBACK_MODELS`). */
    fallbackModels?: readonly string[] | undefined;
  };
  /** `ENCRYPTION_KEY` (64 hex) to read `api_keys`; without it stored keys are ignored. */
  encryptionKey?: string | undefined;
  /** SSRF policy for base URLs stored from the dashboard. */
  storedKeyNetwork?: NetworkPolicy;
  timeouts?: Partial<ProviderTimeouts>;
  retry?: Partial<RetryPolicy>;
}

/**
 * The provider for a question: `preferredModel` (a rule's), and `profileIds`, the provider
 * profiles chosen by the widget or the rule, in fallback order.
 */
export type ProviderResolver = (
  preferredModel: string | null,
  profileIds?: readonly string[],
) => Promise<ChatProvider | null>;

const DEFAULT_MODEL = 'gpt-4o-mini';

/**
 * Chooses the model provider for a question. With provider profiles named (a widget's or a
 * rule's `providerKeyIds`, read with `ENCRYPTION_KEY`): each usable profile's models in turn,
 * then the next profile's, as one fallback chain (a profile that errs or gives no first token
 * in time hands over to the next). Otherwise, or when none of them is usable: the environment's
 * endpoint if `AI_BASE_URL` is set, else the newest active `openai` key stored from the
 * dashboard, else `null` — the embedded knowledge answerer. Every HTTP attempt is written to
 * `api_key_usage`.
 */
export function createProviderResolver(db: Database, settings: ProviderSettings): ProviderResolver {
  const record = (apiKeyId: string | null) => (call: ProviderCallRecord) => {
    void db.models.ApiKeyUsage.create({
      apiKeyId,
      service: 'openai',
      endpoint: call.endpoint,
      model: call.model.slice(0, 100),
      responseTimeMs: call.responseTimeMs,
      statusCode: call.statusCode,
      tokensIn: call.usage.tokensIn,
      tokensOut: call.usage.tokensOut,
    }).catch(() => undefined);
  };
  // The preferred model first, then the fallbacks, all on the same endpoint and key.
  const modelList = (preferredModel: string | null): string[] => {
    const first = preferredModel ?? settings.env.model ?? DEFAULT_MODEL;
    return [first, ...(settings.env.fallbackModels ?? []).filter((model) => model !== first)];
  };
  const build = (options: Omit<OpenAiProviderOptions, 'model'>, preferredModel: string | null) =>
    createFallbackProvider(
      modelList(preferredModel).map((model) => createOpenAiProvider({ ...options, model })),
    );
  const usable = (key: ApiKey | null): key is ApiKey & { baseUrl: string } =>
    Boolean(key?.baseUrl) && !(key?.expiresAt && key.expiresAt.getTime() < Date.now());
  const storedOptions = (key: ApiKey & { baseUrl: string }, encryptionKey: string) => ({
    timeouts: settings.timeouts,
    retry: settings.retry,
    baseUrl: key.baseUrl,
    apiKey: decryptSecret(key.keyValue, encryptionKey),
    network: settings.storedKeyNetwork ?? { allowPrivateNetworks: false },
    onCall: record(key.id),
  });
  // Profiles in the order named; a profile's own models (the rule's model first when it is one
  // of them), else the rule's or the default model.
  const profileChain = async (
    preferredModel: string | null,
    profileIds: readonly string[],
    encryptionKey: string,
  ): Promise<ChatProvider | null> => {
    const rows = await db.models.ApiKey.findAll({
      where: { id: [...new Set(profileIds)], service: 'openai', isActive: true },
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    const providers = profileIds.flatMap((id) => {
      const key = byId.get(id) ?? null;
      if (!usable(key)) return [];
      const options = storedOptions(key, encryptionKey);
      const models = key.models?.length
        ? [...key.models].sort(
            (a, b) => Number(b === preferredModel) - Number(a === preferredModel),
          )
        : modelList(preferredModel);
      return models.map((model) => createOpenAiProvider({ ...options, model }));
    });
    return providers.length > 0 ? createFallbackProvider(providers) : null;
  };
  return async (preferredModel, profileIds = []) => {
    const common = { timeouts: settings.timeouts, retry: settings.retry };
    if (profileIds.length > 0 && settings.encryptionKey) {
      const chain = await profileChain(preferredModel, profileIds, settings.encryptionKey);
      if (chain) return chain;
    }
    if (settings.env.baseUrl) {
      const options = {
        ...common,
        baseUrl: settings.env.baseUrl,
        apiKey: settings.env.apiKey ?? null,
        onCall: record(null),
      };
      return build(options, preferredModel);
    }
    if (!settings.encryptionKey) return null;
    const key = await db.models.ApiKey.findOne({
      where: { service: 'openai', isActive: true },
      order: [['createdAt', 'DESC']],
    });
    if (!usable(key)) return null;
    return build(storedOptions(key, settings.encryptionKey), preferredModel);
  };
}
