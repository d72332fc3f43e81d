// Lint for the whole repository. Resolver code is held to APPSYNC_JS's rules with AWS's own
// plugin (the type-aware "recommended" set), everything else to typescript-eslint's.
import js from '@eslint/js';
import appsync from '@aws-appsync/eslint-plugin';
import vitest from '@vitest/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Code that runs in AppSync's APPSYNC_JS runtime (test/lint/samples/ are virtual files the lint test checks). */
const APPSYNC_JS_FILES = ['resolvers/**/*.ts', 'test/fixtures/appsync-js/**/*.{js,ts}', 'packages/appsync-local/test/fixtures/appsync-js/**/*.{js,ts}', 'test/lint/samples/*.ts'];
const LOCAL_APPSYNC = 'packages/appsync-local';

/**
 * The product and the local AppSync stay apart: the product's runtime code (resolvers, functions)
 * never imports the tool, nothing at the root reaches into the package's files (only its exports,
 * by name), and nothing in the package reaches out of it. A relative import leaves the package
 * when it climbs more folders than the importing file sits deep in it.
 */
const boundaries = [
  {
    files: ['resolvers/**/*.ts', 'functions/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^appsync-local(/|$)', message: 'Runtime code never depends on the local AppSync (a devDependency).' },
            { regex: 'packages/appsync-local', message: 'Runtime code never depends on the local AppSync.' },
          ],
        },
      ],
    },
  },
  {
    files: ['*.{ts,js}', '{bench,infra,scripts,test}/**/*.{ts,js,mjs}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '(^|/)packages/appsync-local/', message: "Import the local AppSync by its package name and exports ('appsync-local', 'appsync-local/testing', ...), never its files." }],
        },
      ],
    },
  },
  ...[0, 1, 2, 3, 4, 5, 6].map((depth) => ({
    files: [`${LOCAL_APPSYNC}/${'*/'.repeat(depth)}*.{ts,tsx,js,mjs}`],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: `^(\\.\\./){${depth + 1},}`, message: 'The local AppSync never imports anything outside its package (least of all the product).' }] }],
    },
  })),
];
/** Files under resolvers/ that never run in APPSYNC_JS (build-time data). */
const NOT_APPSYNC_JS = ['resolvers/manifest.ts'];

export default tseslint.config(
  { ignores: ['**/node_modules/', 'cdk.out/', '**/.local/', 'coverage/', 'test-results/', '**/bench/results/', '**/generated/**', `${LOCAL_APPSYNC}/dist/`] },
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
        projectService: { allowDefaultProject: [`${LOCAL_APPSYNC}/test/fixtures/appsync-js/*.js`, 'test/lint/samples/*.ts'], defaultProject: 'tsconfig.json' },
      },
    },
  },
  {
    // Runs inside the node:vm sandbox as a classic script, before any resolver code.
    files: [`${LOCAL_APPSYNC}/src/appsync-js/realm-bootstrap.js`],
    languageOptions: { sourceType: 'script', globals: {} },
    rules: { 'no-unused-expressions': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // Lambda functions of the test apps, written as CommonJS the way Lambda runs inline code.
    files: [`${LOCAL_APPSYNC}/test/fixtures/**/*.cjs`],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', `${LOCAL_APPSYNC}/test/**/*.ts`],
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
  ...boundaries,
  // Formatting is Prettier's (npm run format); lint checks it with prettier --check.
  prettier,
);
