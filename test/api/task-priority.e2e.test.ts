import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until, untilStatus, untilWorking, useApi, type ApiAnswer, type SubmitAnswer, type TaskAnswer } from '../helpers/api-harness';
import { startWorkerProcess, uniqueQueue } from '../helpers/temporal';

/** Default-priority tasks queued behind the one that holds the worker's only activity slot. */
const BACKLOG = 8;

/**
 * A worker of its own with one activity slot (`CONVEYOR_WORKER_CONCURRENCY=1`) on a queue nobody
 * else uses: a task holds the slot, a backlog of default-priority tasks waits behind it, a task is
 * submitted last with `priority: 1`, and the slot is freed: the urgent task must run before the
 * backlog. Temporal orders a queue's backlog by priority key (activities inherit their task's key);
 * without the key passed to Temporal the urgent task would run last. The dev server keeps every
 * queue in one write partition, or the order would hold per partition only.
 */
describe('task priority', () => {
  const harness = useApi();
  let worker: Awaited<ReturnType<typeof startWorkerProcess>>;
  const queue = uniqueQueue('priority');

  beforeAll(async () => {
    worker = await startWorkerProcess([queue], { CONVEYOR_WORKER_CONCURRENCY: '1' });
  });
  afterAll(async () => {
    worker?.kill('SIGTERM');
    await worker?.exited();
  });

  const submit = async (duration: number, extra: Record<string, unknown> = {}): Promise<SubmitAnswer> => {
    const answer: ApiAnswer<SubmitAnswer> = await harness.api.call('POST', '/tasks', {
      body: { task_name: 'example_long_running', parameters: { duration, message: 'priority' }, queue, ...extra },
    });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const view = async (taskId: string): Promise<TaskAnswer> => (await harness.api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(taskId)}`)).body;

  it('a task submitted with priority 1 overtakes the backlog of a saturated queue', { timeout: 180_000 }, async () => {
    // Holds the only activity slot until it is cancelled, however slowly the rest is set up.
    const holder = await submit(3600);
    await untilWorking(harness.api, holder.task_id);

    const backlog: SubmitAnswer[] = [];
    for (let i = 0; i < BACKLOG; i++) backlog.push(await submit(0.5));
    // Every backlog task's activity waits in the queue before the urgent one is submitted.
    for (const task of backlog) {
      await until(() => view(task.task_id), (answer) => answer.pending_activities[0]?.state === 'scheduled', { tries: 300 });
    }
    const urgent = await submit(0.5, { priority: 1 });
    expect((await harness.api.call('POST', `/tasks/${encodeURIComponent(holder.task_id)}/cancel`)).status).toBe(202);

    const ended = await Promise.all(
      [...backlog, urgent].map(async (task) => (await untilStatus(harness.api, task.task_id, ['completed'], { tries: 600 })).body),
    );
    const finishOrder = ended.sort((a, b) => Date.parse(a.finished_at!) - Date.parse(b.finished_at!)).map((task) => task.task_id);
    // First in line (give or take one) once the slot frees; submitted last, first come first served would run it last.
    expect(finishOrder.indexOf(urgent.task_id)).toBeLessThanOrEqual(1);

    // The submit answer and the task say which key each task ran with.
    expect(urgent.priority).toBe(1);
    expect(backlog.every((task) => task.priority === 3)).toBe(true);
    expect(ended.find((task) => task.task_id === urgent.task_id)?.priority).toBe(1);
    expect(ended.find((task) => task.task_id === backlog[0]!.task_id)?.priority).toBe(3);
  });
});
