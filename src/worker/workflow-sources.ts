import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';
import type { Project } from '../project/load-project';
import { versioningBehavior } from '../tasks/versioning';

type WebpackConfig = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];

// Same extension as this file: `.ts` when run from source, `.js` once compiled.
const EXT = path.extname(__filename);
const PLATFORM = path.join(__dirname, '..');
/** `conveyor/workflow`: what application workflow code imports from Conveyor. */
const WORKFLOW_ENTRY = path.join(PLATFORM, `workflow${EXT}`);
const BUILTIN_WORKFLOWS = path.join(PLATFORM, 'builtin', `workflows${EXT}`);
const INTERCEPTORS = path.join(PLATFORM, 'contract', `interceptors${EXT}`);
/** Temporal's OpenTelemetry workflow interceptors, and the task on their spans: in bundles of workers that trace. */
const TRACING_INTERCEPTORS = path.join(PLATFORM, 'contract', `tracing-interceptors${EXT}`);
/**
 * Conveyor's workflow modules that hold no state of their own: safe to evaluate once and share
 * between executions. Not `progress` (each execution's own progress) nor what imports it.
 */
const STATELESS_CONTRACT = ['search-attributes', 'finite-result', 'decision', 'failure-type', 'flow-control', 'slots', 'task-slot', 'task-bookkeeping', 'keyed-activities'].map((name) => path.join(PLATFORM, 'contract', `${name}${EXT}`));

/** The inputs of an application's workflow bundle: generated entry modules, in a folder of their own. */
export interface WorkflowSources {
  /** The generated module the bundle's workflows come from. */
  workflowsPath: string;
  /** The generated module that installs Conveyor's workflow interceptor (after the tracing one, when tracing). */
  interceptorModules: string[];
  /** Stateless modules every workflow loads, evaluated once per worker instead of once per workflow. */
  preloadModules: string[];
  webpackConfigHook: (config: WebpackConfig) => WebpackConfig;
  /** Deletes the generated modules (once the bundle is built). */
  dispose(): void;
}

/**
 * Writes the entry modules of an application's workflow bundle into a temporary folder:
 *  - workflows: Conveyor's built-in workflows and the application's, each under its export name
 *    (child workflows, and tasks started before their type was the task name, keep working), and
 *    each task's workflow again under its task name, which is so its Temporal workflow type;
 *  - interceptors: Conveyor's workflow interceptor, told which workflow types are tasks.
 * Only absolute paths are required, so the folder may be anywhere. `onFiles` receives every file
 * webpack read, for a cache that knows exactly when to rebuild.
 */
export function writeWorkflowSources(project: Project, onFiles?: (files: string[]) => void, tracing = false): WorkflowSources {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-workflows-'));
  const workflowsPath = path.join(dir, 'workflows.js');
  const interceptorsPath = path.join(dir, 'interceptors.js');
  writeFileSync(workflowsPath, workflowsModule(project));
  writeFileSync(interceptorsPath, interceptorsModule(project));
  const workflowPackage = workflowPackageDir(project);
  return {
    workflowsPath,
    // Tracing's first: its workflow span then covers Conveyor's bookkeeping (a slot's wait) too.
    interceptorModules: tracing ? [TRACING_INTERCEPTORS, interceptorsPath] : [interceptorsPath],
    preloadModules: preloadModules(workflowPackage),
    webpackConfigHook: (config) => ({
      ...config,
      resolve: {
        ...config.resolve,
        alias: {
          ...(config.resolve?.alias as Record<string, string | false> | undefined),
          // One copy of Conveyor's workflow contract, the running platform's own: the interceptor
          // and the application's `setProgress` then share one module (and one progress state).
          'conveyor/workflow$': WORKFLOW_ENTRY,
          // One copy of the SDK's workflow package, the one the application's workflows import.
          '@temporalio/workflow': workflowPackage,
        },
      },
      plugins: [
        ...(config.plugins ?? []),
        {
          apply(compiler: { hooks: { done: { tap(name: string, fn: (stats: { compilation: { fileDependencies: Iterable<string> } }) => void): void } } }) {
            compiler.hooks.done.tap('conveyor-bundle-inputs', (stats) => {
              // Files only: webpack also lists the folders it resolved through (the temp folder, the
              // repository's), whose times change with any file added next to them.
              onFiles?.([...stats.compilation.fileDependencies].filter((file) => path.isAbsolute(file) && !file.startsWith(dir) && isFile(file)));
            });
          },
        },
      ],
    }),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Everything that decides what the generated modules say and resolve to: what a cached bundle is keyed by, with its input files. */
export function workflowSourcesFingerprint(project: Project, tracing = false): string {
  const workflowPackage = workflowPackageDir(project);
  return [workflowsModule(project), interceptorsModule(project), workflowPackage, ...preloadModules(workflowPackage), ...(tracing ? [TRACING_INTERCEPTORS] : [])].join('\n');
}

/**
 * The SDK evaluates a bundle's modules anew for every workflow execution, except those it is told
 * to preload: these are evaluated once per worker and shared (frozen) by every execution. The SDK's
 * workflow package, which every task's interceptor imports, cost about a tenth of a plain worker's
 * CPU per no-op workflow when evaluated per execution (bench/README.md, "Worker overhead").
 */
function preloadModules(workflowPackage: string): string[] {
  // Absolute paths: the SDK's generated entry module requires them from a temporary folder.
  return [workflowPackage, require.resolve('@temporalio/common', { paths: [workflowPackage] }), ...STATELESS_CONTRACT];
}

function workflowsModule(project: Project): string {
  const byTaskName = project.registry.list().map((task) => {
    const exported = project.taskExports.get(task.name);
    const source = exported === undefined ? `builtin[${JSON.stringify(task.name)}]` : `application()[${JSON.stringify(exported)}]`;
    if (task.versioning === undefined) return `  ${JSON.stringify(task.name)}: () => ${source},`;
    // The task type's own versioning, on a copy of its workflow function: another task type, or a
    // child workflow started under the export name, may run the same function with another one.
    const options = `{ ...own, versioningBehavior: ${JSON.stringify(versioningBehavior(task.versioning))} }`;
    return `  ${JSON.stringify(task.name)}: () => withOptions(${JSON.stringify(`task:${task.name}`)}, ${source}, (own) => (${options})),`;
  });
  return [
    `'use strict';`,
    // No config path here: two configs with the same tasks and workflows share one cached bundle.
    `// Generated by Conveyor: the application's workflows, and each task's under its task name.`,
    `const builtin = require(${JSON.stringify(BUILTIN_WORKFLOWS)});`,
    // The SDK evaluates a bundle's modules again for every workflow execution and looks up only the
    // workflow type it runs, then \`default\`: the application's modules are required when a
    // workflow of theirs runs, so a built-in workflow (noop) does not pay for evaluating all of them.
    `let loaded;`,
    project.workflowsFile ? `const application = () => (loaded ??= require(${JSON.stringify(project.workflowsFile)}));` : `const application = () => ({});`,
    // Worker Versioning: a workflow function's definition options (setWorkflowOptions) say whether
    // its runs stay on the build they started on. \`withOptions\` gives a copy of a function with
    // options derived from its own, made once per execution (this module is evaluated for each).
    `const copies = new Map();`,
    `const withOptions = (key, fn, derive) => {`,
    `  if (typeof fn !== 'function') return fn;`,
    `  if (!copies.has(key)) {`,
    `    const copy = Object.defineProperty((...args) => fn(...args), 'name', { value: fn.name });`,
    `    const own = fn.workflowDefinitionOptions;`,
    `    Object.assign(copy, fn);`,
    // Read as the run starts: a worker without a deployment version (unversioned, as by default)
    // must send no versioning behaviour (Temporal refuses the workflow task), one with a version must.
    `    const sdk = require(${JSON.stringify(workflowPackageDir(project))});`,
    `    const versionedOnly = (options) => (sdk.workflowInfo().currentDeploymentVersion?.deploymentName ? options : { ...options, versioningBehavior: undefined });`,
    `    sdk.setWorkflowOptions(() => versionedOnly(derive(typeof own === 'function' ? own() : (own ?? {}))), copy);`,
    `    copies.set(key, copy);`,
    `  }`,
    `  return copies.get(key);`,
    `};`,
    // Conveyor's own workflows that are not tasks (semaphores, debounce windows, bulk jobs) may live
    // as long as the deployment, continuing as new: pinned, they would keep an old build's workers
    // from ever draining. They move to the current build; test/replay holds them to their histories.
    `const builtinWorkflow = (name) => (Object.hasOwn(builtin, name) ? withOptions('builtin:' + name, builtin[name], (own) => ({ versioningBehavior: 'AUTO_UPGRADE', ...own })) : undefined);`,
    `const byTaskName = {`,
    ...byTaskName,
    `};`,
    // A task name first, then the application's export, then a built-in one: what an Object.assign
    // of built-ins, application and task names gave. \`default\` (asked for after the type) comes
    // from the application only if the type needed it loaded.
    `const lookUp = (name) =>`,
    `  Object.hasOwn(byTaskName, name) ? byTaskName[name]() : name === 'default' ? (loaded ?? {}).default ?? builtin.default : application()[name] ?? builtinWorkflow(name);`,
    // Listing every workflow (tools, tests) loads the application.
    `const names = () => [...new Set([...Object.keys(builtin), ...Object.keys(application()), ...Object.keys(byTaskName)])];`,
    `module.exports = new Proxy({}, {`,
    `  get: (_, name) => (typeof name === 'string' ? lookUp(name) : undefined),`,
    `  has: (_, name) => typeof name === 'string' && lookUp(name) !== undefined,`,
    `  ownKeys: () => names(),`,
    `  getOwnPropertyDescriptor: (_, name) => {`,
    `    const value = typeof name === 'string' ? lookUp(name) : undefined;`,
    `    return value === undefined ? undefined : { value, enumerable: true, configurable: true, writable: false };`,
    `  },`,
    `});`,
    '',
  ].join('\n');
}

function interceptorsModule(project: Project): string {
  const taskNames = project.registry.list().map((task) => task.name);
  return [
    `'use strict';`,
    `const { conveyorInterceptors } = require(${JSON.stringify(INTERCEPTORS)});`,
    `const TASK_NAMES = ${JSON.stringify(taskNames)};`,
    `exports.interceptors = () => conveyorInterceptors(TASK_NAMES);`,
    '',
  ].join('\n');
}

/** The `@temporalio/workflow` the application's workflows resolve to (else the platform's own). */
function workflowPackageDir(project: Project): string {
  const from = project.workflowsFile ? [path.dirname(project.workflowsFile)] : [__dirname];
  let manifest: string;
  try {
    manifest = require.resolve('@temporalio/workflow/package.json', { paths: from });
  } catch {
    manifest = require.resolve('@temporalio/workflow/package.json');
  }
  return path.dirname(manifest);
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}
