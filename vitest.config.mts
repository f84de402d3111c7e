import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { longestFirst, recordedDurations } from './test/helpers/file-order.mjs';

/**
 * Unit tests sit next to the code they test, or in test/ as `*.unit.test.ts` when they span the
 * API (`app.inject`, no listening); `*.workflow.test.ts` run workflows on Temporal's test servers.
 */
const UNIT = ['src/**/*.test.ts', 'examples/**/*.test.ts', 'test/**/*.unit.test.ts', 'test/**/*.unit.test.mts'];
const NEEDS_TEMPORAL = ['**/*.workflow.test.ts'];
/** Tests of `conveyor dev`'s own dev server and of the packed package: each starts a dev server of its own. */
const CLUSTER_EXCLUDED = ['test/dev/stack.e2e.test.ts', 'test/dev/restart.e2e.test.ts', 'test/dev/orphans.e2e.test.ts', 'test/api/server-restart.e2e.test.ts', 'test/package/package.e2e.test.ts'];

/** Each test file's duration in a whole run, committed (`npm run test:durations`): a clean clone has no timings of its own. */
const RECORDED_DURATIONS = path.join(import.meta.dirname, 'test', 'file-durations.json');

/** Vitest's order (by project), then the longest files first: by its own cache of the last run, else by the committed record. */
class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    // Projects share the pool (no groupOrder): integration files first, longest first, and the unit
    // files (seconds in all) last, where they fill the workers the last long files leave idle.
    const projects = [...new Set(ordered.map((file) => file.project.name))].sort((a, b) => Number(a === 'unit') - Number(b === 'unit'));
    const recorded = recordedDurations(RECORDED_DURATIONS);
    return longestFirst(ordered, (file) => {
      const relative = path.relative(this.ctx.config.root, file.moduleId).split(path.sep).join('/');
      const cached = this.ctx.cache.getFileTestResults(`${file.project.name}:${relative}`);
      return { projectRank: projects.indexOf(file.project.name), failed: cached?.failed ?? false, durationMs: cached?.duration ?? recorded[relative] };
    });
  }
}

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
    pool: 'forks',
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests mostly wait on real processes (Temporal, workers, the API): five files at a
    // time keep two cores busy without overloading them (two at a time left a third of the CPU idle;
    // four left a fifth: a clean clone's npm test took 259 s with four, 215 s with five).
    maxWorkers: 5,
    // A focused test would quietly leave the rest of the suite out.
    allowOnly: false,
    // Test files share their process (isolate: false below): what a test stubs is undone after it.
    unstubEnvs: true,
    unstubGlobals: true,
    restoreMocks: true,
    // The per-file timings (test-artifacts/, kept by CI) say where a run's time goes (`npm run bench:test`).
    reporters: ['default', './test/helpers/no-skipped-tests.ts', 'json'],
    outputFile: { json: 'test-artifacts/vitest-report.json' },
    projects: [
      {
        // `npm run test:unit`: no Temporal, no child processes (the setup file refuses them); seconds.
        extends: true,
        // Its files share one process per worker (no isolation): importing the modules once, not per file, halves the run.
        test: { name: 'unit', include: UNIT, exclude: NEEDS_TEMPORAL, setupFiles: ['test/helpers/no-child-processes.ts'], isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts', ...NEEDS_TEMPORAL.map((glob) => glob.replace('**', '{src,examples}/**'))],
          // test/fixtures/ holds what tests run on purpose (a run to interrupt, say), not tests of the suite.
          exclude: ['test/**/*.unit.test.ts', 'test/fixtures/**'],
          // One real Temporal dev server and one worker for the whole run (test/global-setup.ts).
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/helpers/integration-setup.ts'],
          // Files share one process per worker: the SDK, Fastify and the clients load once per
          // worker, not once per file (a third of a run's CPU). Module state they share is made
          // for it: one SDK runtime (test/helpers/sdk-runtime.ts), caches keyed by what they hold.
          isolate: false,
        },
      },
      // `npm run test:cluster`: the integration tests that use the run's shared Temporal, against
      // the Temporal at CONVEYOR_TEST_TEMPORAL_ADDRESS (deploy/cluster). Left out: the tests of
      // the embedded dev server itself (they start their own). Only when that address is given,
      // so `npm test` never runs these twice.
      ...(process.env.CONVEYOR_TEST_TEMPORAL_ADDRESS
        ? [{ extends: true as const, test: { name: 'cluster', include: ['test/**/*.e2e.test.ts'], exclude: CLUSTER_EXCLUDED, globalSetup: ['test/global-setup.ts'] } }]
        : []),
    ],
  },
});
