import { describe, expect, it } from 'vitest';
import { startTask } from '../../src/temporal/tasks/start-task';
import { freePort } from '../helpers/free-port';
import { listeningPorts } from '../helpers/listening-ports';
import { startWorkerProcess, uniqueQueue, untilActivityWorking, useSharedClient } from '../helpers/temporal';
import { until } from '../helpers/until';

/** The worker's health endpoint as a probe sees it: status and body, or `refused` when nothing listens. */
async function probe(port: number, path = '/health'): Promise<{ status: number; body: unknown } | 'refused'> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: response.status, body: await response.json() };
  } catch {
    return 'refused';
  }
}

function pidOf(child: { pid?: number | undefined }): number {
  if (child.pid === undefined) throw new Error('the worker process has no pid (it did not start)');
  return child.pid;
}

describe("the worker's health endpoint (CONVEYOR_WORKER_HEALTH_PORT)", () => {
  const shared = useSharedClient();

  it('answers 200 while the worker serves, 503 while it drains after SIGTERM, and nothing once it has exited', async () => {
    const port = await freePort();
    const queue = uniqueQueue('health');
    const worker = await startWorkerProcess([queue], { CONVEYOR_WORKER_HEALTH_PORT: String(port) });
    let told = false;
    try {
      expect(await probe(port)).toEqual({ status: 200, body: { status: 'ok' } });
      expect(await probe(port, '/metrics')).toMatchObject({ status: 404 });
      // The health port is the only one the worker opens (and shows listeningPorts sees it).
      expect(await listeningPorts(pidOf(worker))).toEqual([port]);

      // An activity in flight keeps the worker draining for a while after SIGTERM.
      const task = await startTask(shared.client, shared.registry, { taskName: 'example_long_running', params: { duration: 5, message: 'health' }, queue }, { name: 'test', role: 'admin' });
      await untilActivityWorking(shared.client, task.handle);
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
    const worker = await startWorkerProcess([uniqueQueue('no-health')]);
    try {
      // Not a probe of some port: the worker, polling its queue, listens on no port at all.
      expect(await listeningPorts(pidOf(worker))).toEqual([]);
    } finally {
      worker.kill('SIGTERM');
      await worker.exited();
    }
  });
});
