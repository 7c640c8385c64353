// Rewrites docs/benchmarks.md from docs/benchmarks.json (the figures of the last `pnpm bench`),
// after a change to the report's wording: no figure is measured or typed here.
import { readFileSync } from 'node:fs';
import { writeReport, type BenchResults } from './report.ts';

// The saved file also holds the budget rows; writeReport derives them again from the figures.
const results = JSON.parse(
  readFileSync(new URL('../../docs/benchmarks.json', import.meta.url), 'utf8'),
) as BenchResults;
writeReport(results);
