import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import type { Logger } from '../../src/log';
import { loadWorkflowBundle } from '../../src/worker/workflow-bundle';
import { ROOT, runCli } from './cli';
import { EXAMPLES_CONFIG, examplesProject } from './examples';

/** Where the examples' workflow bundle is kept between runs, rebuilt only when a file it was built from changes. */
export const BUNDLE_CACHE = path.join(ROOT, '.conveyor', 'test-cache');

/**
 * The examples' workflow bundle, built (by `conveyor worker bundle`, in a process of its own) at
 * most once per run, by the global setup, before any test starts: every worker and workflow test
 * of the run then finds it in its cache instead of bundling again.
 */
export async function buildExamplesBundle(log: Logger): Promise<string> {
  const bundle = await loadWorkflowBundle(await examplesProject(), { prebuiltPath: undefined, cacheDir: BUNDLE_CACHE }, log, async (_project, outFile, inputsFile) => {
    const built = await runCli(['worker', 'bundle', '--config', EXAMPLES_CONFIG, '--out', outFile, '--inputs', inputsFile]);
    if (built.code !== 0) throw new Error(`the examples' workflow bundle did not build:\n${built.stdout}${built.stderr}`);
  });
  if (!('codePath' in bundle) || !bundle.codePath) throw new Error('the examples bundle has no file');
  return bundle.codePath;
}

/**
 * Puts the run's examples bundle into a data folder's bundle cache (`<data dir>/cache`, where
 * `conveyor worker start` and `conveyor dev` look), so a stack the test starts on a folder of its
 * own starts as a user's does on their second run: without bundling.
 */
export function seedBundleCache(dataDir: string, bundle: string = inject('examplesBundle')): void {
  const cache = path.join(dataDir, 'cache');
  mkdirSync(cache, { recursive: true });
  for (const file of [bundle, bundle.replace(/\.js$/, '.inputs.json')]) copyFileSync(file, path.join(cache, path.basename(file)));
}
