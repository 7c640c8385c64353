/**
 * Prints the gzip size of what the dashboard loads first (index.html and the assets it links)
 * and fails the build above the SPEC §8 budget of 200 KB.
 */
import { readFile, readdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET_BYTES = 200 * 1024;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const html = await readFile(`${dist}index.html`, 'utf8');
const linked = [...html.matchAll(/(?:src|href)="\/admin\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
let total = gzipSync(html).length;
const lines = [`  index.html ${(total / 1024).toFixed(1)} KB`];
for (const file of linked) {
  const size = gzipSync(await readFile(`${dist}${file}`)).length;
  total += size;
  lines.push(`  ${file} ${(size / 1024).toFixed(1)} KB`);
}
const lazy = (await readdir(`${dist}assets`)).filter((f) => !linked.includes(`assets/${f}`));
console.log(`dashboard first load: ${(total / 1024).toFixed(1)} KB gzip (budget 200 KB)`);
console.log(lines.join('\n'));
if (lazy.length > 0) console.log(`  loaded later: ${lazy.join(', ')}`);
if (total > BUDGET_BYTES) throw new Error('the dashboard first load is over its budget');
