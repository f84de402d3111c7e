import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { inject } from 'vitest';
import { connectClient } from '../../src/temporal/connect';
import { exitOf, readyMessage, spawnCli } from './cli';

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
