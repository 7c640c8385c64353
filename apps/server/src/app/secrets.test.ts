import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSecrets } from './secrets.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-secrets-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('loadSecrets', () => {
  it('generates distinct 32-byte secrets once, keeps them in a 0600 file, and reuses them', () => {
    const dataDir = tempDir();
    const first = loadSecrets({ jwtSecret: undefined, dataDir });
    expect(first.visitorTokenSecret).toHaveLength(32);
    expect(first.visitorTokenSecret.equals(first.adminJwtSecret)).toBe(false);
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    const second = loadSecrets({ jwtSecret: undefined, dataDir });
    expect(second.visitorTokenSecret.equals(first.visitorTokenSecret)).toBe(true);
  });

  it('derives the same separate secrets from JWT_SECRET on every node', () => {
    const jwtSecret = 'a'.repeat(40);
    const a = loadSecrets({ jwtSecret, dataDir: tempDir() });
    const b = loadSecrets({ jwtSecret, dataDir: tempDir() });
    expect(a.visitorTokenSecret.equals(b.visitorTokenSecret)).toBe(true);
    expect(a.visitorTokenSecret.equals(a.adminJwtSecret)).toBe(false);
  });

  it('has a preview ticket secret of its own, stable across restarts, with or without JWT_SECRET', () => {
    for (const jwtSecret of [undefined, 'b'.repeat(40)]) {
      const dataDir = tempDir();
      const first = loadSecrets({ jwtSecret, dataDir });
      expect(first.previewTicketSecret).toHaveLength(32);
      expect(first.previewTicketSecret.equals(first.adminJwtSecret)).toBe(false);
      expect(first.previewTicketSecret.equals(first.visitorTokenSecret)).toBe(false);
      const again = loadSecrets({ jwtSecret, dataDir });
      expect(again.previewTicketSecret.equals(first.previewTicketSecret)).toBe(true);
    }
  });

  it('refuses a damaged secrets file instead of silently replacing it', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'secrets.json'), '{"visitorTokenSecret":"short"}');
    expect(() => loadSecrets({ jwtSecret: undefined, dataDir })).toThrow(
      /not a valid Parley secrets file/,
    );
  });

  it('generates an encryption key on the embedded database, even with JWT_SECRET', () => {
    const dataDir = tempDir();
    const first = loadSecrets({ jwtSecret: 'a'.repeat(40), dataDir, isEmbedded: true });
    expect(first.encryptionKey).toMatch(/^[0-9a-f]{64}$/);
    expect(loadSecrets({ jwtSecret: undefined, dataDir, isEmbedded: true }).encryptionKey).toBe(
      first.encryptionKey,
    );
  });

  it('uses ENCRYPTION_KEY when given, and has none on MySQL without it', () => {
    const given = 'cd'.repeat(32);
    expect(
      loadSecrets({ jwtSecret: undefined, dataDir: tempDir(), encryptionKey: given }),
    ).toMatchObject({
      encryptionKey: given,
    });
    expect(
      loadSecrets({ jwtSecret: 'a'.repeat(40), dataDir: tempDir(), isEmbedded: false })
        .encryptionKey,
    ).toBeUndefined();
  });

  it('adds an encryption key to an older secrets file and keeps its signing secrets', () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'secrets.json');
    const old = { visitorTokenSecret: '1'.repeat(64), adminJwtSecret: '2'.repeat(64) };
    writeFileSync(file, JSON.stringify(old));
    const loaded = loadSecrets({ jwtSecret: undefined, dataDir, isEmbedded: true });
    expect(loaded.visitorTokenSecret.toString('hex')).toBe(old.visitorTokenSecret);
    const rewritten = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    expect(rewritten).toMatchObject({ ...old, encryptionKey: loaded.encryptionKey });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
