// @ts-check
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

/** Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries. */
export const workflowRestrictedImports = {
  paths: [
    ...builtinModules.map((name) => ({ name, message: 'Workflow code must be deterministic: no Node built-ins (use activities for I/O).' })),
    { name: 'zod', message: 'Validate at submit time; workflow bundles stay free of schema libraries.', allowTypeImports: true },
  ],
  patterns: [
    { group: ['node:*'], message: 'Workflow code must be deterministic: no Node built-ins (use activities for I/O).' },
    { group: ['**/activities', '**/activities/*'], message: 'Import activity types only (`import type`), and call them through proxyActivities.', allowTypeImports: true },
    { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Workflow code may use only @temporalio/workflow.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.conveyor/**', 'bin/**', 'eslint.config.mjs', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: './tsconfig.check.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import-x/no-cycle': 'error',
    },
  },
  {
    files: ['src/workflows/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', workflowRestrictedImports] },
  },
);
