// Lint for the whole repository. Resolver code is held to APPSYNC_JS's rules with AWS's own
// plugin (the type-aware "recommended" set), everything else to typescript-eslint's.
import js from '@eslint/js';
import appsync from '@aws-appsync/eslint-plugin';
import vitest from '@vitest/eslint-plugin';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Code that runs in AppSync's APPSYNC_JS runtime (test/lint/samples/ are virtual files the lint test checks). */
const APPSYNC_JS_FILES = ['resolvers/**/*.ts', 'test/fixtures/appsync-js/**/*.{js,ts}', 'test/lint/samples/*.ts'];
/** Files under resolvers/ that never run in APPSYNC_JS (build-time data). */
const NOT_APPSYNC_JS = ['resolvers/manifest.ts'];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'coverage/', 'test-results/', 'bench/results/', '**/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: APPSYNC_JS_FILES,
    ignores: NOT_APPSYNC_JS,
    ...appsync.configs.recommended,
    languageOptions: {
      ...appsync.configs.recommended.languageOptions,
      globals: {},
      parserOptions: {
        projectService: { allowDefaultProject: ['test/fixtures/appsync-js/*.js', 'test/lint/samples/*.ts'], defaultProject: 'tsconfig.json' },
      },
    },
  },
  {
    // Runs inside the node:vm sandbox as a classic script, before any resolver code.
    files: ['local/appsync-js/realm-bootstrap.js'],
    languageOptions: { sourceType: 'script', globals: {} },
    rules: { 'no-unused-expressions': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    plugins: { vitest },
    rules: {
      ...vitest.configs.recommended.rules,
      'vitest/no-focused-tests': 'error',
      'vitest/no-disabled-tests': 'error',
      // expect(value, message) is vitest's way to say which case failed in a loop.
      'vitest/valid-expect': ['error', { maxArgs: 2 }],
      // Assertion helpers (expectError, expectValidationError, ...) count as assertions.
      'vitest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*'] }],
    },
  },
);
