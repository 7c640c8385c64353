import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'e2e/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    // The browser suite boots a server and chromium; one file at a time on a 2-core box.
    fileParallelism: false,
  },
});
