import type {} from 'vitest';

// What the MariaDB global setup hands to tests through `inject()` (see @parley/test-kit).
declare module 'vitest' {
  export interface ProvidedContext {
    mariadbBaseUrl: string;
  }
}
