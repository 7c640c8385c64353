import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['@parley/test-kit/mariadb-global-setup'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
