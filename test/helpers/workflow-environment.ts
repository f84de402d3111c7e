import { WorkflowFailedError } from '@temporalio/client';
import { TemporalFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleOption } from '@temporalio/worker';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { CONVEYOR_SEARCH_ATTRIBUTES } from '../../src/contract/search-attributes';
import type { ActivityFunction } from '../../src/project/load-project';
import { INDEXED_TYPES } from '../../src/temporal/ensure-search-attributes';
import { startTask, type StartedTask } from '../../src/temporal/tasks/start-task';
import { loadWorkflowBundle, writeWorkflowBundle } from '../../src/worker/workflow-bundle';
import { examplesProject } from './examples';
import { BUNDLE_CACHE } from './examples-bundle';
import { uniqueQueue } from './temporal';
import { toolPath } from './tools';

/**
 * Workflow tests of the example tasks: a TestWorkflowEnvironment per test file, the examples'
 * real workflow bundle (Conveyor's interceptor included, so `progress` answers) and a worker in
 * this process whose activities the test provides.
 */

const log = pino({ level: 'warn' });

/** Temporal's time-skipping test server: timers (a 7-day approval deadline, retry backoffs) pass at once. */
export async function timeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const executable = { type: 'existing-path' as const, path: toolPath('temporal-test-server') };
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable } });
  // The test server has no ListSearchAttributes (so no ensureSearchAttributes), but it can add them.
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(CONVEYOR_SEARCH_ATTRIBUTES.map((key) => [key.name, INDEXED_TYPES[key.type]])),
  });
  return env;
}

/**
 * A real dev server of the test file's own (the CLI Conveyor runs), with Conveyor's search
 * attributes; `extraArgs` go to `temporal server start-dev` (say, `--dynamic-config-value` pairs).
 */
export async function localEnvironment(extraArgs: string[] = []): Promise<TestWorkflowEnvironment> {
  const executable = { type: 'existing-path' as const, path: toolPath('temporal') };
  return TestWorkflowEnvironment.createLocal({ server: { executable, searchAttributes: [...CONVEYOR_SEARCH_ATTRIBUTES], extraArgs } });
}

const bundles = new Map<string | undefined, Promise<WorkflowBundleOption>>();

/**
 * The examples' workflow bundle, as a worker builds it; with `workflowsFile`, the bundle of that
 * module in place of examples/workflows.ts (a test fixture that adds a workflow to the examples').
 */
export function examplesWorkflowBundle(workflowsFile?: string): Promise<WorkflowBundleOption> {
  let bundle = bundles.get(workflowsFile);
  if (!bundle) {
    bundle = examplesProject().then((examples) => {
      const project = workflowsFile === undefined ? examples : { ...examples, workflowsFile };
      return loadWorkflowBundle(project, { prebuiltPath: undefined, cacheDir: BUNDLE_CACHE }, log, (p, outFile, inputsFile) =>
        writeWorkflowBundle(p, outFile, log, inputsFile),
      );
    });
    bundles.set(workflowsFile, bundle);
  }
  return bundle;
}

/** What a workflow test file works with: its environment, and tasks started on its worker's queue. */
export interface ExampleServer {
  /** The file's environment (for `currentTimeMs`, time skipping, ...), once `beforeAll` has run. */
  env(): TestWorkflowEnvironment;
  /** Starts an example task as the API does (task name as workflow type, search attributes, defaults applied). */
  start(taskName: string, params: unknown): Promise<StartedTask>;
  /** The file's queue, for a workflow started through Temporal directly (around the schema). */
  queue: string;
}

/**
 * For a test file's `describe`: one environment and one worker in this process for the whole file,
 * on a fresh queue (so tests never pick up each other's tasks), running the examples' workflows
 * (or `options.workflowsFile`'s) and the given (mocked) activities; torn down after the file.
 */
export function serveExamples(
  environment: () => Promise<TestWorkflowEnvironment>,
  activities: Record<string, ActivityFunction>,
  options: { workflowsFile?: string } = {},
): ExampleServer {
  const queue = uniqueQueue('workflow');
  let env: TestWorkflowEnvironment | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    env = await environment();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: queue,
      workflowBundle: await examplesWorkflowBundle(options.workflowsFile),
      activities,
      // Cancellation reaches an activity with its next heartbeat; don't hold heartbeats back in tests.
      maxHeartbeatThrottleInterval: '100ms',
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });
  const started = (): TestWorkflowEnvironment => {
    if (!env) throw new Error('the workflow environment is not up yet (use it in tests, not at collection)');
    return env;
  };
  return {
    env: started,
    queue,
    async start(taskName, params) {
      const { registry } = await examplesProject();
      return startTask(started().client, registry, { taskName, params, queue }, { name: 'workflow-test', role: 'admin' });
    },
  };
}

/** Waits for the task to fail and gives its failure (the WorkflowFailedError's cause); throws if it completed. */
export async function failureOf(task: Pick<StartedTask, 'taskId' | 'handle'>): Promise<TemporalFailure> {
  const outcome: unknown = await task.handle.result().then(
    () => new Error(`${task.taskId} completed; the test expected it to fail`),
    (error: unknown) => error,
  );
  if (!(outcome instanceof WorkflowFailedError) || !(outcome.cause instanceof TemporalFailure)) throw outcome;
  return outcome.cause;
}
