import net, { type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startTask } from '../../src/temporal/tasks/start-task';
import { exitOf, spawnCli } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { listeningPorts } from '../helpers/listening-ports';
import { parsePrometheusText, samplesOf, type PrometheusScrape } from '../helpers/prometheus-text';
import { sharedServerEnv, startWorkerProcess, uniqueQueue, useSharedClient } from '../helpers/temporal';
import { until } from '../helpers/until';
import { WORKER_SDK_METRICS } from '../helpers/worker-sdk-metrics';

/** What the worker's exporter answers on `GET /metrics`, over real HTTP. */
async function scrape(port: number): Promise<PrometheusScrape> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(200);
  return parsePrometheusText(await response.text());
}

const total = (samples: { value: number }[]): number => samples.reduce((sum, sample) => sum + sample.value, 0);

describe("the worker's SDK metrics (CONVEYOR_WORKER_METRICS_PORT)", () => {
  const shared = useSharedClient();

  it('exports task slots, schedule-to-start latency, polls, the sticky cache and finished tasks for Prometheus', async () => {
    const port = await freePort();
    const queue = uniqueQueue('metrics');
    const worker = await startWorkerProcess([queue], { CONVEYOR_WORKER_METRICS_PORT: String(port) });
    try {
      expect(await listeningPorts(worker.pid!)).toEqual([port]);
      const task = await startTask(shared.client, shared.registry, { taskName: 'example_long_running', params: { duration: 0, message: 'metrics' }, queue }, { name: 'test', role: 'admin' });
      await task.handle.result();
      const onQueue = { task_queue: queue };
      // The slots' gauges settle a moment after the task's last workflow task completes (CI: one
      // still counted as used on a loaded machine): the scrape that counts the task done and both
      // kinds of slot given back, if it comes.
      const slotsUsed = (answer: Awaited<ReturnType<typeof scrape>>) =>
        ['WorkflowWorker', 'ActivityWorker'].flatMap((workerType) => samplesOf(answer, 'temporal_worker_task_slots_used', { ...onQueue, worker_type: workerType }).map((sample) => sample.value));
      const metrics = await until(
        () => scrape(port),
        (answer) => total(samplesOf(answer, 'temporal_workflow_completed', { ...onQueue, workflow_type: 'example_long_running' })) === 1 && slotsUsed(answer).every((used) => used === 0),
        { tries: 100, intervalMs: 100 },
      ).catch(() => scrape(port));

      // Every worker metric the dashboard and the docs name, with the type they read it as.
      for (const [name, type] of Object.entries(WORKER_SDK_METRICS)) expect([name, metrics.types.get(name)]).toEqual([name, type]);
      // Free slots for workflow tasks and for activities (CONVEYOR_WORKER_CONCURRENCY's 100), none held once the task is done.
      for (const workerType of ['WorkflowWorker', 'ActivityWorker']) {
        expect(total(samplesOf(metrics, 'temporal_worker_task_slots_available', { ...onQueue, worker_type: workerType }))).toBeGreaterThan(0);
        expect(samplesOf(metrics, 'temporal_worker_task_slots_used', { ...onQueue, worker_type: workerType }).map((sample) => sample.value)).toEqual([0]);
      }
      expect(total(samplesOf(metrics, 'temporal_worker_task_slots_available', { ...onQueue, worker_type: 'ActivityWorker' }))).toBe(100);
      // The task's workflow tasks and its activity waited, were polled and ran: each counted.
      expect(total(samplesOf(metrics, 'temporal_workflow_task_schedule_to_start_latency_count', onQueue))).toBeGreaterThanOrEqual(1);
      expect(total(samplesOf(metrics, 'temporal_activity_schedule_to_start_latency_count', onQueue))).toBe(1);
      expect(total(samplesOf(metrics, 'temporal_activity_execution_latency_count', onQueue))).toBe(1);
      expect(total(samplesOf(metrics, 'temporal_workflow_task_queue_poll_succeed', onQueue))).toBeGreaterThanOrEqual(1);
      expect(total(samplesOf(metrics, 'temporal_num_pollers', onQueue))).toBeGreaterThan(0);
      expect(total(samplesOf(metrics, 'temporal_workflow_endtoend_latency_count', { ...onQueue, workflow_type: 'example_long_running' }))).toBe(1);
      expect(samplesOf(metrics, 'temporal_sticky_cache_size', onQueue)).toHaveLength(1);
    } finally {
      worker.kill('SIGTERM');
      expect(await worker.exited()).toBe(0);
    }
  }, 60_000);

  it('fails at start, naming the setting, when the port is taken', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '0.0.0.0', resolve));
    const port = (holder.address() as AddressInfo).port;
    try {
      const worker = spawnCli(['worker', 'start', '--queues', uniqueQueue('metrics-taken')], { ...sharedServerEnv(), CONVEYOR_WORKER_METRICS_PORT: String(port) });
      expect(await exitOf(worker)).toBe(1);
      expect(worker.output()).toContain(`error: the worker's metrics endpoint cannot listen on port ${port} (CONVEYOR_WORKER_METRICS_PORT): Address already in use`);
    } finally {
      holder.close();
    }
  });
});
