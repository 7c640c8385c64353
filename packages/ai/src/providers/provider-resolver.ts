import type { Database } from '@parley/db';
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

export type ProviderResolver = (preferredModel: string | null) => Promise<ChatProvider | null>;

const DEFAULT_MODEL = 'gpt-4o-mini';

/**
 * Chooses the model provider for a question: the environment's endpoint if `AI_BASE_URL` is
 * set, else the newest active `openai` key stored from the dashboard (decrypted with
 * `ENCRYPTION_KEY`), else `null` — the embedded knowledge answerer. Every HTTP attempt is
 * written to `api_key_usage`.
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
  return async (preferredModel) => {
    const common = { timeouts: settings.timeouts, retry: settings.retry };
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
    if (!key?.baseUrl || (key.expiresAt && key.expiresAt.getTime() < Date.now())) return null;
    const options = {
      ...common,
      baseUrl: key.baseUrl,
      apiKey: decryptSecret(key.keyValue, settings.encryptionKey),
      network: settings.storedKeyNetwork ?? { allowPrivateNetworks: false },
      onCall: record(key.id),
    };
    return build(options, preferredModel);
  };
}
