import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Progress } from '../../src/contract/progress';
import { connectClient } from '../../src/temporal/connect';
import { runningProgress } from '../../src/temporal/tasks/task-progress';
import type { TaskRegistry } from '../../src/tasks/registry';
import { exitOf, readyMessage, spawnCli } from './cli';
import { examplesProject } from './examples';
import { until } from './until';

/** Environment that points a Conveyor process at the run's shared dev server. */
export function sharedServerEnv(): NodeJS.ProcessEnv {
  return {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: 'default',
    CONVEYOR_DATA_DIR: inject('dataDir'),
    CONVEYOR_LOG_LEVEL: 'warn',
  };
}

/**
 * A client of the run's shared dev server. `failFast` gives it the API's own connection settings
 * (a few quick retries instead of the SDK's ten), for tests of how the API answers Temporal errors.
 */
export async function connectShared(options: { failFast?: boolean } = {}): Promise<Client> {
  const address = inject('temporalAddress');
  if (options.failFast) return connectClient({ address, namespace: 'default', connectionOptions: { address } }, { failFast: true });
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace: 'default' });
}

/**
 * A describe block's client of the shared dev server, with the examples' registry to start tasks
 * from: connected before its tests, closed after them. Read both inside a hook or a test.
 */
export function useSharedClient(): { readonly client: Client; readonly registry: TaskRegistry } {
  let shared: { client: Client; registry: TaskRegistry } | undefined;
  beforeAll(async () => {
    shared = { client: await connectShared(), registry: (await examplesProject()).registry };
  });
  afterAll(async () => {
    await shared?.client.connection.close();
  });
  const ready = () => {
    if (!shared) throw new Error('useSharedClient: read the client inside a hook or test of its describe block (did its beforeAll fail?)');
    return shared;
  };
  return {
    get client() {
      return ready().client;
    },
    get registry() {
      return ready().registry;
    },
  };
}

/** A queue nobody else uses, so a test's worker sees only its own tasks. */
export function uniqueQueue(label: string): string {
  return `test-${label}-${randomUUID().slice(0, 8)}`;
}

/** Starts a real `conveyor worker start` process and waits until it polls. */
export async function startWorkerProcess(queues: string[], env: NodeJS.ProcessEnv = {}) {
  const worker = spawnCli(['worker', 'start', '--queues', queues.join(',')], { ...sharedServerEnv(), ...env });
  await readyMessage(worker);
  return Object.assign(worker, { exited: () => exitOf(worker) });
}

/** The task's progress as the API reports it (activity heartbeats, else the workflow's own), or null. */
export async function progressOf(client: Client, handle: WorkflowHandle): Promise<Progress | null> {
  return runningProgress(client, handle, await handle.describe());
}

/** Polls the task's progress until its long-running activity reports the `working` stage. */
export async function untilActivityWorking(client: Client, handle: WorkflowHandle): Promise<void> {
  await until(
    () => progressOf(client, handle).catch(() => null),
    (progress) => progress?.stage === 'working',
    { tries: 300, intervalMs: 100 },
  );
}
