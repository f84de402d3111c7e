// @ts-check
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import vitest from '@vitest/eslint-plugin';

/**
 * How import-x reads our imports: resolved with TypeScript's extensions and parsed as TypeScript.
 * Without both, no-cycle resolved no relative import, parsed no imported file and saw no cycle at all.
 */
const IMPORT_SETTINGS = {
  'import-x/extensions': ['.ts', '.mts', '.tsx', '.js', '.mjs', '.cjs'],
  'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts', '.tsx'] },
  'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] })],
};

/** Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries. */
export const workflowRestrictedImports = {
  paths: [
    ...builtinModules.map((name) => ({ name, message: 'Workflow code must be deterministic: no Node built-ins (use activities for I/O).' })),
    { name: 'zod', message: 'Validate at submit time; workflow bundles stay free of schema libraries.', allowTypeImports: true },
    { name: 'conveyor', message: 'Workflow code imports conveyor/workflow; the conveyor entry is for configs, task definitions and activities.', allowTypeImports: true },
    { name: 'conveyor/client', message: 'Workflow code cannot call the Task API; use activities for I/O.', allowTypeImports: true },
  ],
  patterns: [
    { group: ['node:*'], message: 'Workflow code must be deterministic: no Node built-ins (use activities for I/O).' },
    { group: ['**/activities', '**/activities/*'], message: 'Import activity types only (`import type`), and call them through proxyActivities.', allowTypeImports: true },
    { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Workflow code may use only @temporalio/workflow.' },
  ],
};

/**
 * Where workflow code lives: the platform's shared contract and built-in workflows, the
 * `conveyor/workflow` entry, and in the examples everything except the Node-side kinds of file
 * (configs, task definitions, schemas, activities, tests), so a new workflow file is covered
 * by default.
 */
export const WORKFLOW_FILES = ['src/contract/**/*.ts', 'src/builtin/workflows.ts', 'src/builtin/debounce.ts', 'src/builtin/semaphore.ts', 'src/workflow.ts', 'examples/**/*.ts'];
export const NODE_SIDE_EXAMPLE_FILES = [
  'examples/conveyor.config.ts',
  'examples/queues.ts',
  'examples/activities.ts',
  'examples/**/task.ts',
  'examples/**/schema.ts',
  'examples/**/activities.ts',
  'examples/**/*.test.ts',
  // The examples' shared libraries (safe page fetching, LLM providers, settings): activity-side code;
  // workflows import just their types and plain constants (web-fetch/failure-types.ts).
  'examples/lib/**',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.conveyor/**', 'bin/**', 'eslint.config.mjs', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    languageOptions: {
      parserOptions: { project: './tsconfig.check.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: IMPORT_SETTINGS,
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Cycles among our own modules; walking into node_modules costs two thirds of a lint and finds none of ours.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // The dashboard is a browser app with a project of its own (DOM types, JSX).
    files: ['dashboard/**/*.ts', 'dashboard/**/*.tsx'],
    languageOptions: {
      parserOptions: { project: './dashboard/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: IMPORT_SETTINGS,
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Cycles among our own modules; walking into node_modules costs two thirds of a lint and finds none of ours.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // Every test can fail: none focused or disabled (vitest's allowOnly is off too), none without an assertion.
    files: ['**/*.test.ts', '**/*.test.mts'],
    plugins: { vitest },
    rules: {
      'vitest/no-focused-tests': 'error',
      'vitest/no-disabled-tests': 'error',
      'vitest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect.poll', 'expect*'] }],
    },
  },
  {
    files: WORKFLOW_FILES,
    ignores: NODE_SIDE_EXAMPLE_FILES,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', workflowRestrictedImports] },
  },
);
