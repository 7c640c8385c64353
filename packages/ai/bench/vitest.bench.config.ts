import { defineConfig } from 'vitest/config';

// The benchmark suite: run on its own (`pnpm bench`), never with the tests.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    globalSetup: ['@parley/test-kit/mariadb-global-setup'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
