import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskRegistry } from '../src/tasks/registry';
import { startTask } from '../src/temporal/start-task';
import { examplesProject } from './helpers/examples';
import { freePort } from './helpers/free-port';
import { connectShared, startWorkerProcess, uniqueQueue, untilActivityWorking } from './helpers/temporal';
import { until } from './helpers/until';

/** The worker's health endpoint as a probe sees it: status and body, or `refused` when nothing listens. */
async function probe(port: number, path = '/health'): Promise<{ status: number; body: unknown } | 'refused'> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: response.status, body: await response.json() };
  } catch {
    return 'refused';
  }
}

describe("the worker's health endpoint (CONVEYOR_WORKER_HEALTH_PORT)", () => {
  let client: Client;
  let registry: TaskRegistry;
  beforeAll(async () => {
    client = await connectShared();
    registry = (await examplesProject()).registry;
  });
  afterAll(async () => {
    await client.connection.close();
  });

  it('answers 200 while the worker serves, 503 while it drains after SIGTERM, and nothing once it has exited', async () => {
    const port = await freePort();
    const queue = uniqueQueue('health');
    const worker = await startWorkerProcess([queue], { CONVEYOR_WORKER_HEALTH_PORT: String(port) });
    let told = false;
    try {
      expect(await probe(port)).toEqual({ status: 200, body: { status: 'ok' } });
      expect(await probe(port, '/metrics')).toMatchObject({ status: 404 });

      // An activity in flight keeps the worker draining for a while after SIGTERM.
      const task = await startTask(client, registry, { taskName: 'example_long_running', params: { duration: 8, message: 'health' }, queue, submitter: 'test' });
      await untilActivityWorking(client, task.handle);
      told = worker.kill('SIGTERM');
      const draining = await until(() => probe(port), (answer) => answer === 'refused' || answer.status !== 200, { tries: 300, intervalMs: 50 });
      expect(draining).toMatchObject({ status: 503 });
      expect(draining).not.toMatchObject({ body: { status: 'ok' } });
    } finally {
      // A second SIGTERM would end the drain at once.
      if (!told) worker.kill('SIGTERM');
      expect(await worker.exited()).toBe(0);
    }
    expect(await probe(port)).toBe('refused');
  }, 120_000);

  it('serves no endpoint when the setting is unset', async () => {
    const port = await freePort();
    const worker = await startWorkerProcess([uniqueQueue('no-health')]);
    try {
      expect(await probe(port)).toBe('refused');
    } finally {
      worker.kill('SIGTERM');
      await worker.exited();
    }
  });
});
