import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import type { Request, Response } from 'express';

/** Encodings the widget build writes beside each script (`x.js.br`, `x.js.gz`), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * Sends `file` in the best encoding both the browser accepts and the build wrote, else as it is.
 * The type is the original file's; caches keep one copy per encoding (`Vary`), and each encoding
 * has its own ETag (from its own file), so a conditional request never crosses them.
 */
export function sendPrecompressed(
  req: Request,
  res: Response,
  options: { file: string; cacheControl: string },
): void {
  const { file, cacheControl } = options;
  const accepted = req.acceptsEncodings(ENCODINGS.map((encoding) => encoding.name));
  const chosen = ENCODINGS.find(
    (encoding) => encoding.name === accepted && existsSync(`${file}${encoding.suffix}`),
  );
  res.vary('Accept-Encoding');
  res.type(extname(file));
  res.set('Cache-Control', cacheControl);
  if (chosen) res.set('Content-Encoding', chosen.name);
  res.sendFile(chosen ? `${file}${chosen.suffix}` : file);
}
