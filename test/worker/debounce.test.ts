import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { QUEUE_ATTRIBUTE, REVERSED_ID_ATTRIBUTE, reversedTaskId, SUBMITTER_ATTRIBUTE, TASK_NAME_ATTRIBUTE } from '../../src/contract/search-attributes';
import type { TaskStartSpec } from '../../src/contract/task-start-spec';
import { debounceTask, debounceWindowId, type DebouncedTask } from '../../src/temporal/tasks/debounce-task';
import { TaskDebouncing, viewDebouncingTask } from '../../src/temporal/tasks/debouncing-task';
import { loadTask } from '../../src/temporal/tasks/load-task';
import { readTaskParameters } from '../../src/temporal/tasks/task-parameters';
import { connectShared, uniqueQueue } from '../helpers/temporal';
import { until } from '../helpers/until';

const SRC = path.join(__dirname, '..', '..', 'src');
const submitter = 'debounce-test';
const caller = { name: submitter, role: 'admin' as const };
const { PendingWorkflowTaskState, EventType } = temporal.api.enums.v1;

/**
 * Debounced submits against the run's dev server, on a worker of this file's own that runs
 * Conveyor's built-in workflows (the debounce workflow, and `noop` as the debounced task: it
 * ignores its argument, which holds what the tests tell apart) with Conveyor's interceptor, and
 * a fixture interceptor that can hold the worker while the window's run starts or after.
 */
describe('debounced submits', () => {
  const queue = uniqueQueue('debounce');
  let client: Client;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;

  beforeAll(async () => {
    client = await connectShared();
    worker = await Worker.create({
      connection: await NativeConnection.connect({ address: inject('temporalAddress') }),
      taskQueue: queue,
      workflowsPath: path.join(SRC, 'builtin', 'workflows.ts'),
      interceptors: { workflowModules: [path.join(SRC, 'contract', 'interceptors.ts'), path.join(__dirname, '..', 'fixtures', 'slow-child-start.ts')] },
    });
    running = worker.run();
  }, 120_000);
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await client?.connection.close();
  });

  /** What startTask would resolve for a `noop` submit with these parameters. */
  const spec = (params: Record<string, unknown>): TaskStartSpec => ({
    workflowType: 'noop',
    taskQueue: queue,
    args: [params],
    workflowExecutionTimeout: '5 minutes',
    retry: { maximumAttempts: 1 },
    priority: { priorityKey: 2, fairnessKey: 'tenant-a' },
    memo: { conveyor_test: 'carried' },
    typedSearchAttributes: [
      { key: TASK_NAME_ATTRIBUTE, value: 'noop' },
      { key: QUEUE_ATTRIBUTE, value: queue },
      { key: SUBMITTER_ATTRIBUTE, value: submitter },
    ],
  });
  const submit = (key: string, params: Record<string, unknown>, windowMs = 2000, maxWaitMs?: number) =>
    debounceTask(client, { spec: spec(params), submitter, key, windowMs, maxWaitMs });

  const describeIfStarted = (taskId: string) => client.workflow.getHandle(taskId).describe().catch(() => undefined);
  /** The task's run once it has completed (noop completes at once). */
  const completedRun = (taskId: string) =>
    until(
      () => describeIfStarted(taskId),
      (description) => description?.status.name === 'COMPLETED',
      { tries: 150, intervalMs: 100 },
    ) as Promise<WorkflowExecutionDescription>;
  const parametersOf = async (taskId: string) => readTaskParameters(client, await completedRun(taskId));
  /** The window workflow's runs, latest first, by their ids. */
  const windowRuns = async (key: string) => {
    const rows = [];
    for await (const row of client.workflow.list({ query: `WorkflowId = '${debounceWindowId('noop', submitter, key)}'` })) rows.push(row);
    return rows;
  };
  const historyEvents = async (workflowId: string, runId: string) => (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];

  it('collapses three submits within the window into one run with the last parameters; all three answers name it; it reads as queued/debouncing meanwhile', async () => {
    const key = randomUUID();
    const answers: DebouncedTask[] = [];
    for (const n of [1, 2, 3]) answers.push(await submit(key, { n }));

    expect(new Set(answers.map((answer) => answer.taskId)).size).toBe(1);
    expect(answers.map((answer) => answer.submits)).toEqual([1, 2, 3]);
    const [first, , last] = answers as [DebouncedTask, DebouncedTask, DebouncedTask];
    expect(Date.parse(last.runsAt)).toBeGreaterThan(Date.parse(first.runsAt));

    // Before the run starts: no workflow has the id, and the API's lookup finds the window.
    const loading = await loadTask(client, last.taskId, caller, 'read').then(
      () => new Error('loaded a workflow'),
      (error: unknown) => error,
    );
    expect(loading).toBeInstanceOf(TaskDebouncing);
    const view = await viewDebouncingTask(client, loading as TaskDebouncing);
    expect(view).toMatchObject({
      task_id: last.taskId,
      status: 'queued',
      wait_reason: 'debouncing',
      runs_at: last.runsAt,
      submits: 3,
      task_name: 'noop',
      queue,
      priority: 2,
      fairness_key: 'tenant-a',
      submitter,
      parameters: { n: 3 },
      started_at: null,
    });
    // Another submitter's lookup finds nothing, as for any task not its own.
    await expect(loadTask(client, last.taskId, { name: 'someone-else', role: 'submitter' }, 'read')).rejects.not.toBeInstanceOf(TaskDebouncing);

    const run = await completedRun(last.taskId);
    expect(await readTaskParameters(client, run)).toEqual({ n: 3 });
    expect(run.startTime.getTime()).toBeGreaterThanOrEqual(Date.parse(last.runsAt) - 50);
    // What a direct start gives: type, queue, attributes (the reversed id too), priority, memo.
    expect(run.type).toBe('noop');
    expect(run.taskQueue).toBe(queue);
    expect(run.typedSearchAttributes.get(TASK_NAME_ATTRIBUTE)).toBe('noop');
    expect(run.typedSearchAttributes.get(SUBMITTER_ATTRIBUTE)).toBe(submitter);
    expect(run.typedSearchAttributes.get(REVERSED_ID_ATTRIBUTE)).toBe(reversedTaskId(last.taskId));
    expect(run.raw.workflowExecutionInfo?.priority).toMatchObject({ priorityKey: 2, fairnessKey: 'tenant-a' });
    expect(run.memo).toMatchObject({ conveyor_test: 'carried' });
    // One run: the window started one child and ended.
    const [window] = await windowRuns(key);
    const started = (await historyEvents(window!.workflowId, window!.runId)).filter((e) => e.eventType === EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED);
    expect(started).toHaveLength(1);
    // Once started, the id loads as the task itself.
    expect((await loadTask(client, last.taskId, caller, 'read')).description.runId).toBe(run.runId);
  });

  it('starts the run maxWait after the first submit under a steady stream, with the last parameters before it fired; later submits go to the next window', async () => {
    const key = randomUUID();
    const windowMs = 1500;
    const maxWaitMs = 3000;
    const answers: (DebouncedTask & { n: number })[] = [];
    const firstAt = Date.now();
    // Back to back, far closer than the window: without maxWait the first run would never start.
    for (let n = 1; answers.every((answer) => answer.taskId === answers[0]?.taskId); n++) {
      answers.push({ ...(await submit(key, { n }, windowMs, maxWaitMs)), n });
      if (Date.now() - firstAt > 20_000) throw new Error('the stream went on for 20 s without a run');
    }
    const first = answers[0]!;
    const collapsed = answers.filter((answer) => answer.taskId === first.taskId);
    expect(collapsed.length).toBeGreaterThan(2);
    // No answer promised a start later than maxWait after the first submit.
    expect(Math.max(...collapsed.map((answer) => Date.parse(answer.runsAt)))).toBeLessThanOrEqual(Date.parse(first.runsAt) - windowMs + maxWaitMs);

    const run = await completedRun(first.taskId);
    expect(run.startTime.getTime() - firstAt).toBeLessThan(maxWaitMs + 1500);
    expect(await readTaskParameters(client, run)).toEqual({ n: collapsed.at(-1)!.n });
    // The submit that found the run started opened the next window, which runs it.
    const next = answers.at(-1)!;
    expect(next.submits).toBe(1);
    expect(await parametersOf(next.taskId)).toEqual({ n: next.n });
  });

  it('opens a new window, with a new task id, for a submit after the run started', async () => {
    const key = randomUUID();
    const first = await submit(key, { n: 1 }, 500);
    await completedRun(first.taskId);

    const second = await submit(key, { n: 2 }, 500);

    expect(second.taskId).not.toBe(first.taskId);
    expect(second.submits).toBe(1);
    expect(await parametersOf(second.taskId)).toEqual({ n: 2 });
    expect(await parametersOf(first.taskId)).toEqual({ n: 1 });
  });

  it('puts a submit that arrives while the run is being started into the next window, which the workflow continues as new with', async () => {
    const key = randomUUID();
    const first = await submit(key, { n: 1, hold: 'before_start' }, 500);
    const windowWorkflow = client.workflow.getHandle(debounceWindowId('noop', submitter, key));
    // The worker holds the workflow task that fires the window (past runsAt, taken, not done).
    await until(
      () => windowWorkflow.describe(),
      (description) => Date.now() >= Date.parse(first.runsAt) && description.raw.pendingWorkflowTask?.state === PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED,
      { tries: 200, intervalMs: 20 },
    );

    const second = await submit(key, { n: 2 }, 500);

    expect(second.taskId).not.toBe(first.taskId);
    expect(second.submits).toBe(1);
    expect(await parametersOf(first.taskId)).toEqual({ n: 1, hold: 'before_start' });
    expect(await parametersOf(second.taskId)).toEqual({ n: 2 });
    const runs = await until(() => windowRuns(key), (rows) => rows.length === 2 && rows.every((row) => row.status.name !== 'RUNNING'));
    expect(runs.map((row) => row.status.name).sort()).toEqual(['COMPLETED', 'CONTINUED_AS_NEW']);
  });

  it('never loses a submit that arrives while the window workflow ends: it lands in a run of its own', async () => {
    const key = randomUUID();
    const first = await submit(key, { n: 1, hold: 'after_start' }, 500);
    // The run has started; the worker now holds the workflow task that ends the window.
    await until(() => describeIfStarted(first.taskId), Boolean, { tries: 200, intervalMs: 20 });

    const second = await submit(key, { n: 2 }, 500);

    expect(second.taskId).not.toBe(first.taskId);
    expect(await parametersOf(first.taskId)).toEqual({ n: 1, hold: 'after_start' });
    expect(await parametersOf(second.taskId)).toEqual({ n: 2 });
    // Either the first window's workflow had decided to end, and did: the submit started the next
    // window; or (on a loaded machine, the held task came late) it saw the submit first and
    // continued as new with it. No third outcome, and none that loses it.
    const runs = await until(() => windowRuns(key), (rows) => rows.length === 2 && rows.every((row) => row.status.name !== 'RUNNING'));
    expect([['COMPLETED', 'COMPLETED'], ['COMPLETED', 'CONTINUED_AS_NEW']]).toContainEqual(runs.map((row) => row.status.name).sort());
  });
});
