// One lint configuration for the whole workspace (`pnpm lint`, part of `npm test`). It checks the
// layering that ARCHITECTURE.md describes, so a shortcut across it fails instead of being reviewed.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Tests, benchmarks and scripts: they may read the environment and the database directly. */
const TOOLING = [
  '**/*.test.ts',
  '**/*.test.tsx',
  '**/e2e/**',
  'bench/**',
  'scripts/**',
  'packages/db/src/testing.ts',
  'packages/domain/src/workflow/testing.ts',
];

const DATABASE_INTERNALS = [
  { group: ['drizzle-orm', 'drizzle-orm/*'], message: 'Only packages/db speaks SQL: add a repository function there.' },
  { group: ['@gongzhi/db/schema'], message: 'Only packages/db reads the schema: add a repository function there.' },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.reports/**', '**/.turbo/**', 'migrations/**', '**/data/**', '**/test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSAsExpression > TSAsExpression.expression > TSUnknownKeyword.typeAnnotation',
          message: '`as unknown as` hides a type error: give the value its real type (a view, a parser, a typed API).',
        },
      ],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration in apps/server/src/env.ts and pass it in.' }],
      'no-restricted-imports': ['error', { patterns: DATABASE_INTERNALS }],
    },
  },
  {
    files: ['packages/domain/**', 'packages/geo/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...DATABASE_INTERNALS,
            { group: ['@gongzhi/db', '@gongzhi/db/*', '@gongzhi/api', '@gongzhi/auth', 'hono', 'hono/*', '@trpc/*', 'pg'], message: 'The domain is pure.' },
          ],
        },
      ],
    },
  },
  { files: ['packages/db/**'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['apps/server/src/env.ts'], rules: { 'no-restricted-properties': 'off' } },
  {
    files: TOOLING,
    rules: {
      'no-restricted-properties': 'off',
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-syntax': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
