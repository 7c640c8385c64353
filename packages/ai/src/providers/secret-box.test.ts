import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, keyHint } from './secret-box.ts';

const key = randomBytes(32).toString('hex');

describe('secret box (AES-256-GCM)', () => {
  it('round-trips, with a fresh ciphertext each time that does not contain the key', () => {
    const first = encryptSecret('sk-live-abcdef123456', key);
    expect(first).not.toContain('sk-live');
    expect(encryptSecret('sk-live-abcdef123456', key)).not.toBe(first);
    expect(decryptSecret(first, key)).toBe('sk-live-abcdef123456');
    expect(keyHint('sk-live-abcdef123456')).toBe('…3456');
  });
  it('refuses a wrong key and a tampered value', () => {
    const stored = encryptSecret('secret', key);
    expect(() => decryptSecret(stored, randomBytes(32).toString('hex'))).toThrow();
    const [v, iv, tag, data] = stored.split(':');
    const flipped = Buffer.from(data!, 'base64');
    flipped[0]! ^= 1;
    expect(() => decryptSecret([v, iv, tag, flipped.toString('base64')].join(':'), key)).toThrow();
  });
});
