import { describe, expect, it } from 'vitest';
import { startTask } from '../../src/temporal/tasks/start-task';
import { startWorkerProcess, uniqueQueue, untilActivityWorking, useSharedClient } from '../helpers/temporal';

// Concurrently: each test runs workers of its own on queues of its own, and mostly waits on them.
describe.concurrent('worker lifecycle', () => {
  const shared = useSharedClient();

  it('SIGTERM lets in-flight activities finish, then the worker exits 0', async () => {
    const queue = uniqueQueue('drain');
    const worker = await startWorkerProcess([queue]);
    const task = await startTask(shared.client, shared.registry, { taskName: 'example_long_running', params: { duration: 4, message: 'drain' }, queue }, { name: 'test', role: 'admin' });
    await untilActivityWorking(shared.client, task.handle);

    worker.kill('SIGTERM');
    expect(await worker.exited()).toBe(0);

    // The activity completed on its first attempt, on the worker that was told to stop.
    const events = (await task.handle.fetchHistory()).events ?? [];
    const completed = events.filter((e) => e.activityTaskCompletedEventAttributes);
    expect(completed).toHaveLength(1);
    const started = events.find((e) => e.activityTaskStartedEventAttributes)?.activityTaskStartedEventAttributes;
    expect(started?.attempt).toBe(1);
    expect(started?.identity).toContain(String(worker.pid));

    // The workflow's last step needs a worker; a new one finishes it.
    const next = await startWorkerProcess([queue]);
    try {
      expect(await task.handle.result()).toMatchObject({ message: 'drain', requested_duration: 4 });
    } finally {
      next.kill('SIGTERM');
      await next.exited();
    }
  });

  it('kill -9 of a worker with 20 tasks in flight: another worker completes all 20 correctly', async () => {
    const queue = uniqueQueue('crash');
    const first = await startWorkerProcess([queue]);
    const tasks = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? startTask(shared.client, shared.registry, { taskName: 'example_long_running', params: { duration: 3, message: `task ${i}` }, queue }, { name: 'test', role: 'admin' })
          : startTask(shared.client, shared.registry, { taskName: 'example_data_processing', params: { data_size: 100 + i, chunk_size: 10, operation: 'sum' }, queue }, { name: 'test', role: 'admin' }),
      ),
    );
    await untilActivityWorking(shared.client, tasks[0]!.handle);

    first.kill('SIGKILL');
    expect(await first.exited()).toBe('SIGKILL');
    const second = await startWorkerProcess([queue]);
    try {
      const results = await Promise.all(tasks.map((task) => task.handle.result()));
      results.forEach((result, i) => {
        if (i % 2 === 0) expect(result).toMatchObject({ message: `task ${i}`, requested_duration: 3 });
        else expect(result).toMatchObject({ total_items: 100 + i, final_result: ((100 + i) * (101 + i)) / 2 });
      });
    } finally {
      second.kill('SIGTERM');
      await second.exited();
    }
  }, 120_000);
});
