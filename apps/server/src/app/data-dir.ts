import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** `<repo>/data` unless `DATA_DIR` says otherwise; the embedded SQLite file lives there. */
export function resolveDataDir(configured: string | undefined): string {
  return configured
    ? resolve(configured)
    : fileURLToPath(new URL('../../../../data', import.meta.url));
}
