import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleOption } from '@temporalio/worker';
import type { Logger } from '../log';
import { sdkLogger } from './sdk-logger';

/** The module every workflow is exported from (`src/workflows/index.ts`, or its compiled `.js`). */
// Same extension as this file: `.ts` when run from source, `.js` once compiled.
export const WORKFLOWS_PATH = path.join(__dirname, '..', 'workflows', `index${path.extname(__filename)}`);

/** Builds the workflow bundle and writes it to `outFile` (what `conveyor worker bundle` runs). */
export async function writeWorkflowBundle(outFile: string, log: Logger): Promise<void> {
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: sdkLogger(log, 'WARN') });
  mkdirSync(path.dirname(outFile), { recursive: true });
  const partial = `${outFile}.${process.pid}.partial`;
  writeFileSync(partial, bundle.code);
  renameSync(partial, outFile); // never leave a half-written bundle where a worker may load it
}

/**
 * The workflow bundle a worker process shares between its workers: the pre-built file named by
 * CONVEYOR_WORKFLOW_BUNDLE (production images), else a bundle cached in the data folder and
 * rebuilt when the code changes. Building happens in a short-lived child process: webpack
 * would otherwise stay in the worker's memory for its whole life.
 */
export async function loadWorkflowBundle(options: { prebuiltPath: string | undefined; cacheDir: string }, log: Logger): Promise<WorkflowBundleOption> {
  if (options.prebuiltPath) {
    if (!existsSync(options.prebuiltPath)) throw new Error(`CONVEYOR_WORKFLOW_BUNDLE is ${options.prebuiltPath}, which does not exist`);
    return { codePath: options.prebuiltPath };
  }
  const codePath = path.join(options.cacheDir, `workflow-bundle-${sourceFingerprint()}.js`);
  if (existsSync(codePath)) {
    log.debug({ codePath }, 'using the cached workflow bundle');
    return { codePath };
  }
  const started = Date.now();
  await bundleInChildProcess(codePath);
  log.info({ ms: Date.now() - started }, 'bundled workflow code');
  return { codePath };
}

async function bundleInChildProcess(outFile: string): Promise<void> {
  const entry = process.argv[1];
  if (!entry) throw new Error('cannot tell which script is running');
  const child = fork(entry, ['worker', 'bundle', '--out', outFile], { execArgv: process.execArgv, stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`building the workflow bundle failed (exit code ${code})`);
}

/**
 * Changes whenever any source file or the SDK version changes: names, sizes and modification
 * times of the code folder's files (the bundle can reach any of them).
 */
function sourceFingerprint(): string {
  const hash = createHash('sha256');
  const codeRoot = path.dirname(path.dirname(WORKFLOWS_PATH));
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.[cm]?[jt]s$/.test(entry.name)) {
        const { size, mtimeMs } = statSync(full);
        hash.update(`${full}\0${size}\0${mtimeMs}\n`);
      }
    }
  };
  walk(codeRoot);
  const sdk = JSON.parse(readFileSync(require.resolve('@temporalio/worker/package.json'), 'utf8')) as { version: string };
  hash.update(sdk.version);
  return hash.digest('hex').slice(0, 16);
}
