import { randomUUID } from 'node:crypto';
import type { ScheduleDescription } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScheduleDetail } from '../../src/client/answers';
import { until, useApi, type ApiBody, type TaskAnswer } from '../helpers/api-harness';
import { startWorkerProcess, uniqueQueue } from '../helpers/temporal';

type Schedule = ScheduleDetail & ApiBody;
type Run = Schedule['recent_runs'][number];

/** How often the schedules fire: short, so each policy shows within seconds. */
const EVERY_SECONDS = 2;
/** How long each run works: longer than the interval, so the next cron time comes while a run still runs. */
const RUN_SECONDS = 4;

/** Polling bounds for what takes a cron time or a run or two: generous, for a loaded machine. */
const RUNS = { tries: 150, intervalMs: 200 };

/**
 * Schedules whose runs start from their cron times (never by a trigger), on a queue served by a
 * worker of this file's own, and what each overlap policy does with a run due while the previous
 * one still runs, read from the schedule's own record (GET /schedules/{id}, Temporal's describe)
 * and the runs' own executions.
 */
describe('schedules fire on their cron times, and apply their overlap policy', () => {
  const harness = useApi();
  let worker: Awaited<ReturnType<typeof startWorkerProcess>>;
  const queue = uniqueQueue('schedule-firing');
  /** Full schedule ids the running test created, deleted after it whatever happened. */
  const created = new Set<string>();

  beforeAll(async () => {
    worker = await startWorkerProcess([queue], { CONVEYOR_SHUTDOWN_GRACE: '1s' });
  });

  /** Ends each test's schedule: it starts no more runs (those under way go on, as tasks, until the end of the file). */
  afterEach(async () => {
    await Promise.allSettled([...created].map((id) => harness.client.schedule.getHandle(id).delete()));
    created.clear();
  });

  afterAll(async () => {
    // The schedules are gone; every run still going on this file's queue is ended.
    const running = harness.client.workflow.list({ query: `TaskQueue = '${queue}' AND ExecutionStatus = 'Running'` });
    for await (const execution of running) await harness.client.workflow.getHandle(execution.workflowId).terminate('test done').catch(() => undefined);
    worker?.kill('SIGTERM');
    await worker?.exited();
  });

  /** Creates a schedule of `example_long_running` runs every EVERY_SECONDS on this file's queue. */
  async function createEvery(label: string, overlap?: string): Promise<Schedule> {
    const answer = await harness.api.call<Schedule>('POST', '/schedules', {
      body: {
        task_name: 'example_long_running',
        schedule_id: `${label}-${randomUUID().slice(0, 8)}`,
        cron: `@every ${EVERY_SECONDS}s`,
        parameters: { duration: RUN_SECONDS, message: label },
        queue,
        ...(overlap === undefined ? {} : { overlap }),
      },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    created.add(answer.body.schedule_id);
    return answer.body;
  }

  const scheduleOf = async (id: string): Promise<Schedule> => (await harness.api.call<Schedule>('GET', `/schedules/${encodeURIComponent(id)}`)).body;

  /** GET /schedules/{id} until `done` holds of it. */
  const untilSchedule = (id: string, done: (schedule: Schedule) => boolean): Promise<Schedule> => until(() => scheduleOf(id), done, RUNS);

  /** Temporal's own record of the schedule, for what the API does not show (overlap-skipped count, buffered starts). */
  const untilRecorded = (id: string, done: (description: ScheduleDescription) => boolean): Promise<ScheduleDescription> =>
    until(() => harness.client.schedule.getHandle(id).describe(), done, RUNS);

  /** When the run's execution closed, once it has. */
  async function closeTimeOf(run: Run): Promise<number> {
    const described = await until(() => harness.client.workflow.getHandle(run.task_id).describe(), (description) => description.closeTime !== undefined, RUNS);
    return described.closeTime!.getTime();
  }

  it(`a schedule's first run starts at its first cron time, unasked, as an ordinary task of that schedule`, async () => {
    const schedule = await createEvery('fires');
    const firstDue = schedule.next_run_times[0]!;
    expect(schedule.runs_started).toBe(0);
    expect(Date.parse(firstDue) % (EVERY_SECONDS * 1000), '`@every 2s` falls on even seconds').toBe(0);

    const fired = await untilSchedule(schedule.schedule_id, (s) => s.runs_started >= 1);
    const first = fired.recent_runs[0]!;
    // Due at the first time the schedule showed when it was created, and started then: not a trigger's "now".
    expect(first.scheduled_at).toBe(firstDue);
    expect(Date.parse(first.started_at)).toBeGreaterThanOrEqual(Date.parse(firstDue));
    expect(first.task_id.startsWith(`${schedule.schedule_id}-`)).toBe(true);

    const task = await until(
      () => harness.api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(first.task_id)}`),
      (answer) => answer.status === 200 && answer.body.status === 'running',
      RUNS,
    );
    expect(task.body).toMatchObject({ task_name: 'example_long_running', queue, schedule_id: schedule.schedule_id, parameters: { duration: RUN_SECONDS, message: 'fires' } });
  });

  it('skip (the default): no run starts while one runs; the cron times that come meanwhile are skipped, not made up later', async () => {
    const schedule = await createEvery('skip');
    expect(schedule.overlap).toBe('skip');

    // A cron time came while the first run ran, and Temporal skipped it.
    const skipped = await untilRecorded(schedule.schedule_id, (d) => d.info.numActionsTaken >= 1 && d.info.numActionsSkippedOverlap >= 1);
    expect(skipped.info.numActionsTaken).toBe(1);

    const twoRuns = await untilSchedule(schedule.schedule_id, (s) => s.runs_started >= 2);
    const [first, second] = twoRuns.recent_runs as [Run, Run];
    const firstClosed = await closeTimeOf(first);
    // The second run was due only after the first had ended (the skipped time was not run late), and started then.
    expect(Date.parse(second.scheduled_at)).toBeGreaterThanOrEqual(firstClosed);
    expect(Date.parse(second.started_at)).toBeGreaterThanOrEqual(firstClosed);
  });

  it('buffer_one: a run due while one runs waits, and starts once that one ends; a further one due meanwhile is dropped (at most one waits)', async () => {
    const schedule = await createEvery('buffer-one', 'buffer_one');
    expect(schedule.overlap).toBe('buffer_one');

    // While the first run runs, one start waits in Temporal's buffer ...
    const waiting = await untilRecorded(schedule.schedule_id, (d) => Number(d.raw.info?.bufferSize ?? 0) === 1);
    expect(waiting.info.runningActions).toHaveLength(1);
    // ... and the next cron time, finding one waiting already, is dropped rather than queued behind it.
    const dropped = await untilRecorded(schedule.schedule_id, (d) => d.info.numActionsSkippedOverlap >= 1);
    expect(Number(dropped.raw.info?.bufferSize ?? 0)).toBeLessThanOrEqual(1);

    const twoRuns = await untilSchedule(schedule.schedule_id, (s) => s.runs_started >= 2);
    const [first, second] = twoRuns.recent_runs as [Run, Run];
    const firstClosed = await closeTimeOf(first);
    // The waiting run: due while the first still ran, started only once it had ended.
    expect(Date.parse(second.scheduled_at)).toBeLessThan(firstClosed);
    expect(Date.parse(second.started_at)).toBeGreaterThanOrEqual(firstClosed);
  });

  it('allow_all: a run due while one runs starts at once, and the two run side by side', async () => {
    const schedule = await createEvery('allow-all', 'allow_all');
    expect(schedule.overlap).toBe('allow_all');

    // Temporal does not follow the runs of an allow_all schedule (its own running list stays empty):
    // the API counts the recent runs that are still going.
    const overlapping = await untilSchedule(schedule.schedule_id, (s) => s.recent_runs.filter((run) => run.status === 'running').length >= 2);
    const [first, second] = overlapping.recent_runs as [Run, Run];
    expect(overlapping.running_task_ids).toEqual(expect.arrayContaining([first.task_id, second.task_id]));
    // Temporal's executions: the second was due, and started, before the first ended.
    const firstClosed = await closeTimeOf(first);
    expect(Date.parse(second.scheduled_at)).toBeLessThan(firstClosed);
    expect(Date.parse(second.started_at)).toBeLessThan(firstClosed);
    const recorded = await harness.client.schedule.getHandle(schedule.schedule_id).describe();
    expect(recorded.info.numActionsSkippedOverlap).toBe(0);
  });
});
