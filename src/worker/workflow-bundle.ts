import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleOption } from '@temporalio/worker';
import type { Logger } from '../log';
import type { Project } from '../project/load-project';
import { WORKFLOW_TRACING_MARKER } from '../contract/trace-attributes';
import { sdkLogger } from './sdk-logger';
import { workflowSourcesFingerprint, writeWorkflowSources } from './workflow-sources';

/** Builds the bundle into `outFile` and lists what it was built from in `inputsFile` (see {@link writeWorkflowBundle}); with `tracing`, one that traces workflows. */
export type BundleBuilder = (project: Project, outFile: string, inputsFile: string, tracing: boolean) => Promise<void>;

/** A file the bundle was built from, as it was then. */
export interface BundleInput {
  file: string;
  size: number;
  mtimeMs: number;
}

/**
 * Builds the application's workflow bundle and writes it to `outFile` (what `conveyor worker
 * bundle` runs). With `inputsFile`, also records every file webpack read, for the cache.
 */
export async function writeWorkflowBundle(project: Project, outFile: string, log: Logger, inputsFile?: string, tracing = false): Promise<void> {
  let files: string[] = [];
  const sources = writeWorkflowSources(project, (read) => (files = read), tracing);
  try {
    const bundle = await bundleWorkflowCode({
      workflowsPath: sources.workflowsPath,
      workflowInterceptorModules: sources.interceptorModules,
      preloadModules: sources.preloadModules,
      webpackConfigHook: sources.webpackConfigHook,
      logger: sdkLogger(log, 'WARN'),
    });
    writeAtomically(outFile, bundle.code); // never leave a half-written bundle where a worker may load it
  } finally {
    sources.dispose();
  }
  // Files only: webpack also lists the folders it looked into, whose times change whenever any file
  // next to a source is saved (an editor's swap file, an activity): that rebuilt for nothing.
  if (inputsFile) writeAtomically(inputsFile, JSON.stringify(files.filter(isFile).sort().map(describeInput)));
}

/**
 * The workflow bundle a worker process shares between its workers: the pre-built file named by
 * CONVEYOR_WORKFLOW_BUNDLE (production images), else a bundle cached in the data folder, rebuilt
 * when any file it was built from changed, or the config's tasks did. Building happens in a
 * short-lived child process: webpack would otherwise stay in the worker's memory for its whole life.
 */
export async function loadWorkflowBundle(
  project: Project,
  options: { prebuiltPath: string | undefined; cacheDir: string; tracing?: boolean },
  log: Logger,
  build: BundleBuilder = bundleInChildProcess,
): Promise<WorkflowBundleOption> {
  const tracing = options.tracing ?? false;
  if (options.prebuiltPath) {
    if (!existsSync(options.prebuiltPath)) throw new Error(`CONVEYOR_WORKFLOW_BUNDLE is ${options.prebuiltPath}, which does not exist`);
    // A traced worker takes the tracing build beside it when there is one (the image ships both).
    const traced = tracingSibling(options.prebuiltPath);
    if (tracing && existsSync(traced)) return { codePath: traced };
    return { codePath: options.prebuiltPath };
  }
  const key = createHash('sha256').update(workflowSourcesFingerprint(project, tracing)).update(sdkVersion()).digest('hex').slice(0, 16);
  const codePath = path.join(options.cacheDir, `workflow-bundle-${key}.js`);
  const inputsPath = path.join(options.cacheDir, `workflow-bundle-${key}.inputs.json`);
  if (existsSync(codePath) && inputsUnchanged(inputsPath)) {
    log.debug({ codePath }, 'using the cached workflow bundle');
    return { codePath };
  }
  const started = Date.now();
  await build(project, codePath, inputsPath, tracing);
  log.info({ ms: Date.now() - started }, 'bundled workflow code');
  return { codePath };
}

async function bundleInChildProcess(project: Project, outFile: string, inputsFile: string, tracing: boolean): Promise<void> {
  const entry = process.argv[1];
  if (!entry) throw new Error('cannot tell which script is running');
  const args = ['worker', 'bundle', '--out', outFile, '--inputs', inputsFile, '--config', project.configFile, ...(tracing ? ['--tracing'] : [])];
  const child = fork(entry, args, { execArgv: process.execArgv, stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`building the workflow bundle failed (exit code ${code})`);
}

export function describeInput(file: string): BundleInput {
  const { size, mtimeMs } = statSync(file);
  return { file, size, mtimeMs };
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** True when every file the cached bundle was built from is still as it was. */
function inputsUnchanged(inputsPath: string): boolean {
  try {
    const inputs = JSON.parse(readFileSync(inputsPath, 'utf8')) as BundleInput[];
    return inputs.every((input) => {
      const now = describeInput(input.file);
      return now.size === input.size && now.mtimeMs === input.mtimeMs;
    });
  } catch {
    return false; // no record, or a file is gone
  }
}

function sdkVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('@temporalio/worker/package.json'), 'utf8')) as { version: string }).version;
}

function writeAtomically(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, content);
  renameSync(partial, file);
}

/**
 * Where a pre-built bundle's tracing build is looked for: `workflow-bundle.js` ->
 * `workflow-bundle.tracing.js` (`conveyor worker bundle --tracing --out` there).
 */
export function tracingSibling(codePath: string): string {
  return codePath.replace(/(\.js)?$/, '.tracing.js');
}

/** Whether a bundle traces workflows (built with `conveyor worker bundle --tracing`). */
export function bundleTraces(codePath: string): boolean {
  return readFileSync(codePath, 'utf8').includes(WORKFLOW_TRACING_MARKER);
}
