import { NativeConnection, Worker } from '@temporalio/worker';
import { afterEach, describe, expect, it, inject } from 'vitest';
import { createWorkers, type CreateWorker } from '../../src/worker/create-workers';
import { runWorkers, type RunnableWorker } from '../../src/worker/run-workers';
import { uniqueQueue } from '../helpers/temporal';

/** Activity-only options: these workers need no workflow bundle to hold (and release) the connection. */
function poolOptions(connection: NativeConnection, queues: string[]) {
  return { connection, namespace: 'default', queues, concurrency: 1, shutdownGraceMs: 1000, workflowBundle: undefined as never, activities: { ping: async () => 'pong' } };
}

/** Worker.create without a workflow bundle (the pool passes one; these workers serve activities only). */
const createActivityWorker: CreateWorker = (options) => Worker.create({ ...options, workflowBundle: undefined });

describe('a worker process serving several queues', () => {
  let connection: NativeConnection | undefined;
  // The SDK reports every worker state change at INFO; the assertions say what matters here.
  afterEach(async () => {
    await connection?.close().catch(() => undefined);
    connection = undefined;
  });

  it('shuts the other workers down when one fails, then throws the original error and lets the connection close', async () => {
    connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    const [first, third] = await createWorkers(poolOptions(connection, [uniqueQueue('pool-a'), uniqueQueue('pool-c')]), createActivityWorker);
    const failure = new Error('the second queue poller failed');
    const failing: RunnableWorker = {
      run: () => new Promise((_, reject) => setTimeout(() => reject(failure), 300)),
      shutdown: () => undefined,
      getState: () => 'FAILED',
    };

    await expect(runWorkers([first!, failing, third!])).rejects.toBe(failure);
    expect([first!.getState(), third!.getState()]).toEqual(['STOPPED', 'STOPPED']);
    await expect(connection.close()).resolves.toBeUndefined();
    connection = undefined;
  });

  it('releases the workers it created when creating the second of three fails, and throws that error', async () => {
    connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    const queues = [uniqueQueue('pool-1'), uniqueQueue('pool-2'), uniqueQueue('pool-3')];
    const failure = new Error('cannot create the worker of the second queue');
    const create: CreateWorker = (options) => (options.taskQueue === queues[1] ? Promise.reject(failure) : createActivityWorker(options));

    await expect(createWorkers(poolOptions(connection, queues), create)).rejects.toBe(failure);
    // Without the release, this throws "Cannot close connection while Workers hold a reference to it".
    await expect(connection.close()).resolves.toBeUndefined();
    connection = undefined;
  });
});
