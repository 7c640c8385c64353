// One lint configuration for the whole tree. Type-aware, so floating promises are caught.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Files at the edge (HTTP routes, socket gateways and handlers): they parse and call a service. */
const EDGE_FILES = [
  'apps/server/src/**/*-routes.ts',
  'apps/server/src/**/*-gateway.ts',
  'apps/server/src/**/*-handlers.ts',
  'apps/server/src/**/*-middleware.ts',
];
/** Admin CRUD resources: declarations over a model, their queries in feature services. */
const RESOURCE_FILES = ['apps/server/src/**/*-resource.ts'];

const NO_DOUBLE_CAST = {
  selector: 'TSAsExpression > TSAsExpression > TSUnknownKeyword',
  message: 'No `as unknown as`: type the value, parse it, or narrow it.',
};

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'data/**', '**/test-results/**', '**/*.config.*'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'max-params': ['error', 3],
      // A double cast hides a type error instead of fixing it; parse unknown data with zod.
      'no-restricted-syntax': ['error', NO_DOUBLE_CAST],
    },
  },
  {
    // Layers without cycles: a module and what it imports never import each other.
    plugins: { 'import-x': importX },
    settings: {
      // Parse .ts/.tsx dependencies too (the default only follows .js).
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Preact hooks follow React's rules (same call order every render, complete dependencies).
    files: [
      'apps/widget/src/**/*.tsx',
      'apps/widget/src/**/*.ts',
      'apps/dashboard/src/**/*.ts',
      'apps/dashboard/src/**/*.tsx',
    ],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // The database stays behind services: edges and front ends never touch Sequelize.
    files: [
      ...EDGE_FILES,
      ...RESOURCE_FILES,
      'apps/widget/**/*.{ts,tsx}',
      'apps/dashboard/**/*.{ts,tsx}',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'sequelize',
              message: 'Routes, gateways and front ends call a feature service, never Sequelize.',
            },
          ],
        },
      ],
    },
  },
  {
    // Edges do not query models either (`db.models.X.findAll`): that is a service's job, and the
    // answer a service gives is a protocol shape, never a row.
    files: EDGE_FILES,
    rules: {
      'no-restricted-syntax': [
        'error',
        NO_DOUBLE_CAST,
        {
          selector: "MemberExpression[property.name='models']",
          message: 'Routes, gateways and handlers call a feature service, never the models.',
        },
      ],
    },
  },
  {
    // Libraries never reach into applications: the tree is the architecture.
    files: ['packages/**/*.ts', 'packages/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@parley/server', '@parley/widget', '@parley/dashboard', '**/apps/**'],
              message: 'packages/ must not import from apps/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', '**/test/**', '**/e2e/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Tests probe browser globals and framework internals the app's types do not declare.
      'no-restricted-syntax': 'off',
    },
  },
);
