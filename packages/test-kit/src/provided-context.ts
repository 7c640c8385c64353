import type {} from 'vitest';

// What the global setups hand to tests through `inject()`; typed here once for every package.
declare module 'vitest' {
  export interface ProvidedContext {
    mariadbBaseUrl: string;
  }
}
