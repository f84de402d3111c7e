import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_ATTRIBUTE, SUBMITTER_ATTRIBUTE, TASK_NAME_ATTRIBUTE } from '../../src/contract/search-attributes';
import { until, useApi, type ApiBody, type SubmitAnswer, type TaskAnswer } from '../helpers/api-harness';
import { startWorkerProcess, uniqueQueue } from '../helpers/temporal';

interface Page {
  tasks: { task_id: string; status: string }[];
  total: number;
  offset: number | null;
  has_more: boolean;
  next_cursor: string | null;
}

type State = 'queued' | 'running' | 'retrying' | 'completed' | 'failed' | 'timed_out' | 'cancelled' | 'terminated';

/**
 * The status words the previous system's clients filter GET /tasks by, over real HTTP against the
 * run's dev server: one task in each state, all submitted by a user of their own (a submitter sees
 * only its own tasks), so each word's answer can be compared with exactly the tasks it means.
 */
describe('Task API: the old clients’ status words as filters', () => {
  const submitter = `words-${randomUUID().slice(0, 8)}`;
  const key = `words-key-${randomUUID()}`;
  /** Served by this file's worker. */
  const queue = uniqueQueue('api-words');
  /** Served by nobody: tasks there stay queued. */
  const idleQueue = uniqueQueue('api-words-idle');
  const harness = useApi({ CONVEYOR_AUTH: 'keys', CONVEYOR_API_KEYS: `${submitter}:submitter:${key}` });
  let worker: Awaited<ReturnType<typeof startWorkerProcess>>;
  const task = {} as Record<State, string>;

  const call = <T>(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) =>
    harness.api.call<T & ApiBody>(method, path, { ...options, headers: { authorization: `Bearer ${key}`, ...options.headers } });
  const submit = async (taskName: string, parameters: Record<string, unknown>, onQueue = queue): Promise<string> => {
    const answer = await call<SubmitAnswer>('POST', '/tasks', { body: { task_name: taskName, parameters, queue: onQueue } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.task_id;
  };
  const view = (taskId: string) => call<TaskAnswer>('GET', `/tasks/${taskId}`);
  const untilView = (taskId: string, done: (t: TaskAnswer) => boolean) =>
    until(
      () => view(taskId),
      (a) => a.status === 200 && done(a.body),
      { tries: 300 },
    );
  const list = async (query: string, headers?: Record<string, string>): Promise<Page> => {
    const answer = await call<Page>('GET', `/tasks?${query}`, { headers });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };
  const ids = (page: Page) => page.tasks.map((t) => t.task_id);
  const idsOf = (...states: State[]) => states.map((state) => task[state]).sort();

  beforeAll(async () => {
    worker = await startWorkerProcess([queue]);
    task.completed = await submit('example_long_running', { duration: 0 });
    task.failed = await submit('example_error_handling', { should_fail: true, retry_count: 0 });
    task.cancelled = await submit('example_long_running', { duration: 120 });
    task.running = await submit('example_long_running', { duration: 120 });
    // Step 1 fails on every attempt and is retried ten times, 0.5 s, 1 s, 2 s... apart: minutes of retrying.
    task.retrying = await submit('example_error_handling', { should_fail: true, retry_count: 10, fail_at_step: 1 });
    task.queued = await submit('example_long_running', { duration: 1 }, idleQueue);
    task.terminated = await submit('example_long_running', { duration: 1 }, idleQueue);
    await harness.client.workflow.getHandle(task.terminated).terminate('status words test');
    task.timed_out = `example_long_running-words-timeout-${randomUUID()}`;
    await harness.client.workflow.start('example_long_running', {
      taskQueue: idleQueue,
      workflowId: task.timed_out,
      args: [{ duration: 1, message: 'too late' }],
      workflowExecutionTimeout: '1s',
      typedSearchAttributes: [
        { key: TASK_NAME_ATTRIBUTE, value: 'example_long_running' },
        { key: QUEUE_ATTRIBUTE, value: idleQueue },
        { key: SUBMITTER_ATTRIBUTE, value: submitter },
      ],
    });

    await untilView(task.cancelled, (t) => t.progress?.stage === 'working');
    expect((await call('POST', `/tasks/${task.cancelled}/cancel`)).status).toBe(202);
    await untilView(task.running, (t) => t.progress?.stage === 'working');
    await untilView(task.retrying, (t) => (t.pending_activities[0]?.attempt ?? 0) > 1);
    const ended: [State, string][] = [
      ['completed', 'completed'],
      ['failed', 'failed'],
      ['cancelled', 'cancelled'],
      ['timed_out', 'timed_out'],
    ];
    for (const [state, status] of ended) await untilView(task[state], (t) => t.status === status);
    // Every task is in visibility with the state it has now.
    await until(
      () => list('limit=100'),
      (page) => page.total === 8 && page.tasks.filter((t) => t.status === 'running').length === 2 && page.tasks.filter((t) => t.status === 'queued').length === 1,
      { tries: 150 },
    );
  }, 180_000);

  afterAll(async () => {
    for (const state of ['running', 'retrying', 'queued'] as const) {
      if (task[state]) await harness.client.workflow.getHandle(task[state]).terminate('status words test done').catch(() => undefined);
    }
    worker?.kill('SIGTERM');
    await worker?.exited();
  });

  it.each<[string, State[]]>([
    ['PENDING', ['queued']],
    ['STARTED', ['running', 'retrying']],
    ['RETRY', ['retrying']],
    ['SUCCESS', ['completed']],
    ['FINISHED', ['completed']],
    ['FAILURE', ['failed', 'timed_out']],
    ['FAILED', ['failed']],
    ['REVOKED', ['cancelled', 'terminated']],
    ['CANCELLED', ['cancelled']],
  ])('status=%s, in upper and lower case, finds exactly its tasks', async (word, states) => {
    for (const asked of [word, word.toLowerCase()]) {
      const page = await list(`status=${asked}`);
      expect(ids(page).sort(), asked).toEqual(idsOf(...states));
      expect(page.total, asked).toBe(states.length);
    }
  });

  it('RETRY finds the task whose activity is on a retry, not the task that merely runs', async () => {
    expect((await view(task.running)).body.pending_activities.map((a) => a.attempt)).toEqual([1]);
    expect((await view(task.retrying)).body.pending_activities[0]?.attempt).toBeGreaterThan(1);

    const page = await list('status=Retry');
    expect(ids(page)).toEqual([task.retrying]);
    expect(page.tasks[0]?.status).toBe('running');
  });

  it('under the legacy vocabulary FAILED and CANCELLED keep their old, wider meaning', async () => {
    const legacy = { 'conveyor-vocabulary': 'legacy' };
    expect(ids(await list('status=FAILED', legacy)).sort()).toEqual(idsOf('failed', 'timed_out'));
    expect(ids(await list('status=cancelled', legacy)).sort()).toEqual(idsOf('cancelled', 'terminated'));
  });

  it('RETRY with STARTED is every running task', async () => {
    const page = await list('status=RETRY,STARTED');
    expect(ids(page).sort()).toEqual(idsOf('running', 'retrying'));
    expect(page.total).toBe(2);
  });

  it('RETRY,FAILURE is the union, in the order the unfiltered list has, counted, and paged by offset and by cursor', async () => {
    const union = new Set(idsOf('retrying', 'failed', 'timed_out'));
    const inListOrder = ids(await list('limit=100')).filter((id) => union.has(id));
    expect(inListOrder).toHaveLength(3);

    const whole = await list('status=RETRY,FAILURE&limit=10');
    expect(ids(whole)).toEqual(inListOrder);
    expect(whole).toMatchObject({ total: 3, has_more: false });

    const byOffset = [await list('status=retry,failure&limit=2&offset=0'), await list('status=retry,failure&limit=2&offset=2')];
    expect(byOffset.flatMap(ids)).toEqual(inListOrder);
    expect(byOffset.map((p) => [p.total, p.offset, p.has_more])).toEqual([
      [3, 0, true],
      [3, 2, false],
    ]);

    const byCursor: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await list(`status=RETRY,FAILURE&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.total).toBe(3);
      byCursor.push(...ids(page));
      cursor = page.next_cursor;
    } while (cursor && byCursor.length <= 3);
    expect(byCursor).toEqual(inListOrder);
  });

  it('RETRY with no retrying task among the filtered ones answers an empty page', async () => {
    const page = await list(`status=RETRY&queue=${idleQueue}`);
    expect(page).toEqual({ tasks: [], total: 0, limit: 50, offset: 0, has_more: false, next_cursor: null });
  });
});
