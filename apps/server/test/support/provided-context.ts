import type {} from 'vitest';

// The test kit augments the vitest copy it resolves; when pnpm links another peer variant of
// vitest at the root, the server's tests need the same augmentation for `inject()` to be typed.
declare module 'vitest' {
  export interface ProvidedContext {
    mariadbBaseUrl: string;
  }
}
