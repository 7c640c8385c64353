import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { createAccessTokens, keyIdOf } from './access-tokens.ts';

describe('admin access tokens', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);

  it('keep verifying tokens of a rotated-out key listed after the signing key', () => {
    const before = createAccessTokens([oldKey]).sign({
      userId: 'u1',
      role: 'admin',
      tokenVersion: 3,
    });
    const rotated = createAccessTokens([newKey, oldKey]);
    expect(rotated.verify(before)).toMatchObject({ userId: 'u1', role: 'admin', tokenVersion: 3 });
    const after = rotated.sign({ userId: 'u2', role: 'agent', tokenVersion: 0 });
    expect(jwt.decode(after, { complete: true })?.header.kid).toBe(keyIdOf(newKey));
    expect(() => createAccessTokens([oldKey]).verify(after)).toThrow(/access token/);
  });

  it('refuse HS384 and unknown roles even when signed with the right key', () => {
    const options = {
      issuer: 'parley',
      audience: 'parley-admin',
      keyid: keyIdOf(oldKey),
      expiresIn: 60,
    };
    const tokens = createAccessTokens([oldKey]);
    const hs384 = jwt.sign({ role: 'admin', sub: 'u' }, oldKey, { ...options, algorithm: 'HS384' });
    expect(() => tokens.verify(hs384)).toThrow();
    const owner = jwt.sign({ role: 'owner', sub: 'u' }, oldKey, { ...options, algorithm: 'HS256' });
    expect(() => tokens.verify(owner)).toThrow();
  });

  it('refuse secrets shorter than 32 bytes', () => {
    expect(() => createAccessTokens([randomBytes(16)])).toThrow(/32 bytes/);
  });
});
