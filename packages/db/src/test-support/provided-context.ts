import type {} from 'vitest';

/**
 * The test kit types `inject('mariadbBaseUrl')` for the vitest it resolves. When pnpm links a
 * different peer variant of vitest here (e.g. once a workspace package adds happy-dom), that
 * augmentation lands on the other copy; repeating it keeps this package's tests typed.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    mariadbBaseUrl: string;
  }
}
