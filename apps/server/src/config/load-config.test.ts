import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.ts';

describe('loadConfig', () => {
  it('gives safe defaults with no configuration at all', () => {
    const config = loadConfig({});
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.PORT).toBe(3000);
    expect(config.MAX_MESSAGE_LENGTH).toBe(4000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.AI_MODEL_PRICES).toEqual({});
    expect(config.AI_EMBEDDING_MODEL).toBeUndefined();
  });

  it('reads a price table for estimated costs', () => {
    const prices = '{"llama3.1:8b": {"inputPerMillion": 0, "outputPerMillion": 0.1}}';
    expect(loadConfig({ AI_MODEL_PRICES: prices }).AI_MODEL_PRICES).toEqual({
      'llama3.1:8b': { inputPerMillion: 0, outputPerMillion: 0.1 },
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT must be a port number \(got "eighty"\)$/],
    [{ DATABASE_URL: 'postgres://x@h/db' }, /^DATABASE_URL must start with mysql:\/\//],
    [{ DATABASE_URL: 'not a url' }, /^DATABASE_URL is not a URL/],
    [{ DATABASE_URL: 'mysql://root@127.0.0.1:3306' }, /^DATABASE_URL has no database name/],
    [{ REDIS_URL: 'http://x' }, /^REDIS_URL must be a URL like redis:/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL /],
    [{ TRUST_PROXY: 'maybe' }, /^TRUST_PROXY must be a hop count/],
    [{ TRUST_PROXY: 'true' }, /^TRUST_PROXY .*never true, which trusts any client/],
    [{ TRUST_PROXY: '10.0.0.1,' }, /^TRUST_PROXY must be a hop count/],
    [{ TRUST_PROXY: '10.0.0.0/99' }, /^TRUST_PROXY must be a hop count/],
    [{ AI_MODEL_PRICES: '{"gpt-x": 3}' }, /^AI_MODEL_PRICES must be JSON/],
    [{ TRUST_PROXY: '0.0.0.0/1' }, /^TRUST_PROXY subnet 0\.0\.0\.0\/1 is wider than \/8/],
    [{ TRUST_PROXY: 'loopback, ::/4' }, /^TRUST_PROXY subnet ::\/4 is wider than \/8/],
    [{ TRUST_PROXY: '8.0.0.0/7' }, /^TRUST_PROXY subnet 8\.0\.0\.0\/7 is wider/],
    [{ TRUST_PROXY: '0.0.0.0/128.0.0.0' }, /^TRUST_PROXY subnet .* is wider than \/8/],
  ])('names the bad variable in one line: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each([
    ['false', false],
    ['1', 1],
    ['loopback', ['loopback']],
    ['10.0.0.0/8, 192.168.1.7,::1', ['10.0.0.0/8', '192.168.1.7', '::1']],
  ])('takes TRUST_PROXY in Express’s forms: %s', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it('never echoes a secret back', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short-secret' })).toThrow(
      /^JWT_SECRET must be at least 32/,
    );
    expect(() => loadConfig({ JWT_SECRET: 'short-secret' })).not.toThrow(/short-secret/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });
});
