import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { createLogger } from '../src/log';
import { ROOT, readyMessage, spawnCli } from './helpers/cli';
import { buildExamplesBundle, seedBundleCache } from './helpers/examples-bundle';
import { runCommand } from './helpers/run-command';
import { startRunLifeline } from './helpers/run-lifeline';
import { startScratchDevServer, TEST_DYNAMIC_CONFIG } from './helpers/scratch-dev-server';

/** A cold build of dist/ and the dashboard takes seconds; a starved machine, many times that. */
const BUILD_TIMEOUT_MS = 600_000;

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    dataDir: string;
    /** The examples' workflow bundle, built once for the run (test/helpers/examples-bundle.ts). */
    examplesBundle: string;
  }
}

/**
 * Once per run, before any test: ties everything the run starts to the run's life (an interrupted
 * run leaves nothing behind); builds dist/ and the dashboard if stale, while the examples' workflow
 * bundle is built if its sources changed and the rest starts (each once, so the test files find
 * them built and never build them themselves); starts one real
 * Temporal dev server (the same launcher `npm start` uses) on free ports and a throw-away data
 * folder, plus one worker process on the standard queues. With CONVEYOR_TEST_TEMPORAL_ADDRESS
 * (`npm run test:cluster`), the run uses that Temporal instead, a cluster the tests neither start nor stop.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  startRunLifeline();
  const log = createLogger('test', { level: 'warn', format: 'pretty' });
  // dist/ and the dashboard serve only the tests that run them (the packed package, the image, the
  // API's pages): built while the rest starts up, and ready before any test runs.
  const built = runCommand(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { cwd: ROOT, timeoutMs: BUILD_TIMEOUT_MS });
  const bundle = await buildExamplesBundle(log);
  project.provide('examplesBundle', bundle);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-test-'));
  seedBundleCache(dataDir, bundle);
  const external = process.env.CONVEYOR_TEST_TEMPORAL_ADDRESS;
  const server = external ? { address: external, stop: async () => {} } : await startScratchDevServer(dataDir, log, { dynamicConfig: TEST_DYNAMIC_CONFIG });
  project.provide('temporalAddress', server.address);
  project.provide('dataDir', dataDir);

  const worker = spawnCli(['worker', 'start'], {
    TEMPORAL_ADDRESS: server.address,
    CONVEYOR_DATA_DIR: dataDir,
    CONVEYOR_LOG_LEVEL: 'warn',
    // Whatever a test submits to the standard queues fetches no page off the machine and calls no
    // LLM, whatever the developer's environment holds (OPENAI_API_KEY, say).
    CONVEYOR_FETCH_ONLY_ALLOWED_HOSTS: 'true',
    CONVEYOR_LLM_PROVIDER: 'offline',
  });
  worker.stdout?.pipe(process.stdout);
  worker.stderr?.pipe(process.stderr);
  await readyMessage(worker, 120_000);
  const build = await built;
  process.stdout.write(build.stdout);
  if (build.code !== 0) throw new Error(`scripts/build.mjs --if-stale failed (exit code ${build.code}):\n${build.stderr}`);

  return async () => {
    worker.kill('SIGTERM');
    await new Promise((resolve) => worker.once('exit', resolve));
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

