import { readFile, readdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

/** SPEC §8 budgets, in gzip bytes. */
export const LOADER_BUDGET = 2 * 1024;
export const APP_BUDGET = 30 * 1024;

export interface SizeReport {
  files: string[];
  bytes: number;
  gzipBytes: number;
  budgetBytes: number;
  isWithinBudget: boolean;
}

export interface WidgetSizes {
  loader: SizeReport;
  app: SizeReport;
}

async function report(dist: string, files: string[], budgetBytes: number): Promise<SizeReport> {
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = await readFile(`${dist}/${file}`);
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { files, bytes, gzipBytes, budgetBytes, isWithinBudget: gzipBytes <= budgetBytes };
}

/**
 * Gzip sizes of what a visitor downloads: the loader, and everything the first open loads
 * (the app entry and every other script or stylesheet the build emitted under assets/).
 */
export async function measureSizes(dist: string, appFile: string): Promise<WidgetSizes> {
  const assets = (await readdir(`${dist}/assets`))
    .filter((name) => name.endsWith('.js') || name.endsWith('.css'))
    .map((name) => `assets/${name}`);
  const appFiles = [appFile, ...assets.filter((file) => file !== appFile)];
  return {
    loader: await report(dist, ['widget.js'], LOADER_BUDGET),
    app: await report(dist, appFiles, APP_BUDGET),
  };
}

export function formatSizes(sizes: WidgetSizes): string {
  const line = (name: string, r: SizeReport) =>
    `${name.padEnd(8)} ${(r.gzipBytes / 1024).toFixed(2).padStart(6)} KB gzip ` +
    `(${(r.bytes / 1024).toFixed(1)} KB raw) budget ${r.budgetBytes / 1024} KB` +
    (r.isWithinBudget ? '' : '  OVER BUDGET');
  return `widget sizes\n${line('loader', sizes.loader)}\n${line('app', sizes.app)}`;
}
