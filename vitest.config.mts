import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The examples import Conveyor by its package name, as an application does (tsconfig paths, for vite).
    alias: [
      { find: /^conveyor$/, replacement: path.resolve(import.meta.dirname, 'src/index.ts') },
      { find: /^conveyor\/workflow$/, replacement: path.resolve(import.meta.dirname, 'src/workflow.ts') },
      { find: /^conveyor\/client$/, replacement: path.resolve(import.meta.dirname, 'src/client.ts') },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'examples/**/*.test.ts', 'test/**/*.test.ts'],
    // One real Temporal dev server and one worker for the whole run (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start real processes; on small machines, two files at a time is plenty.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
