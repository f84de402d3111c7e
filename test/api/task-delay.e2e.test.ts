import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOf } from '../../src/temporal/timestamp';
import { useApi, type ApiBody, type SubmitAnswer } from '../helpers/api-harness';
import { startWorkerProcess, uniqueQueue } from '../helpers/temporal';

const EventType = temporal.api.enums.v1.EventType;
type EventTypeValue = (typeof EventType)[keyof typeof EventType];

const DELAY_SECONDS = 3;

/**
 * `delay` on POST /tasks, proven by Temporal's own record of the execution rather than by what the
 * API echoes or derives: the task's first workflow task is held back until the delay has passed,
 * on a worker that serves the queue and is free the whole time (a task submitted beside it without
 * a delay runs at once).
 */
describe('a delayed task', () => {
  const harness = useApi();
  let worker: Awaited<ReturnType<typeof startWorkerProcess>>;
  const queue = uniqueQueue('delay');

  beforeAll(async () => {
    worker = await startWorkerProcess([queue]);
  });
  afterAll(async () => {
    worker?.kill('SIGTERM');
    await worker?.exited();
  });

  const submit = async (body: Record<string, unknown>): Promise<SubmitAnswer> => {
    const answer = await harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body: { task_name: 'noop', queue, ...body } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body;
  };

  /** The times (ms) of the task's history events, by type, in order. */
  async function eventTimes(taskId: string): Promise<(type: EventTypeValue) => number[]> {
    const events = (await harness.client.workflow.getHandle(taskId).fetchHistory()).events ?? [];
    return (type) => events.filter((event) => event.eventType === type).map((event) => dateOf(event.eventTime)!.getTime());
  }

  it(`delay: ${DELAY_SECONDS} holds the first workflow task back until created + ${DELAY_SECONDS} s, while its worker runs a task submitted after it at once`, async () => {
    const delayed = await submit({ delay: DELAY_SECONDS });
    expect(delayed.start_delay_ms).toBe(DELAY_SECONDS * 1000);
    // Submitted after the delayed task, to the same queue and worker, without a delay.
    const prompt = await submit({});
    await expect(harness.client.workflow.getHandle(prompt.task_id).result()).resolves.toEqual({ ok: true });
    // The delayed task still runs, once its delay has passed.
    await expect(harness.client.workflow.getHandle(delayed.task_id).result()).resolves.toEqual({ ok: true });

    const [delayedAt, promptAt] = await Promise.all([eventTimes(delayed.task_id), eventTimes(prompt.task_id)]);
    const created = delayedAt(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)[0]!;
    const due = created + DELAY_SECONDS * 1000;
    const [firstScheduled] = delayedAt(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    const [firstStarted] = delayedAt(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    // Temporal scheduled the first workflow task, and a worker started it, no earlier than the delay allows.
    expect(firstScheduled).toBeGreaterThanOrEqual(due);
    expect(firstStarted).toBeGreaterThanOrEqual(due);

    // The worker polled the queue and was free meanwhile: the task submitted after the delayed one
    // was started, run and completed before the delayed one's first workflow task was even scheduled.
    const promptCreated = promptAt(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)[0]!;
    const [promptStarted] = promptAt(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    const [promptCompleted] = promptAt(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    expect(promptCreated).toBeGreaterThanOrEqual(created);
    expect(promptStarted).toBeGreaterThanOrEqual(promptCreated);
    expect(promptCompleted).toBeLessThan(firstScheduled!);

    // The execution's record agrees: its execution time is its start plus the delay.
    const description = await harness.client.workflow.getHandle(delayed.task_id).describe();
    expect(description.executionTime!.getTime() - description.startTime.getTime()).toBe(DELAY_SECONDS * 1000);
  });
});
