import { describe, expect, it } from 'vitest';
import { until, useApi, type ApiBody } from '../helpers/api-harness';

/**
 * The previous task system's React admin page (/admin/tasks), as its requests and its display
 * logic: what it asks the API, and what it would show from each answer. It runs against Conveyor
 * with the legacy vocabulary on (CONVEYOR_API_VOCABULARY=legacy), unchanged.
 */
interface OldRow {
  task_id: string;
  short_task_id: string;
  task_name: string;
  status: string;
  queue: string;
  worker: string | null;
  completed_at: string | null;
  date_done: string | null;
  retries: number | null;
  has_result: boolean;
  has_error: boolean;
  duration: string | null;
}

interface OldList {
  tasks: OldRow[];
  total: number;
  limit: number;
  offset: number;
  has_more: boolean;
}

interface OldDetail extends OldRow {
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  progress: { percent: number; stage: string } | null;
  error: string | null;
  kwargs: Record<string, unknown> | null;
}

/** The page's own status colouring, verbatim from its source. */
function getStatusColor(status: string): string {
  const upperStatus = status.toUpperCase();
  switch (upperStatus) {
    case 'SUCCESS':
    case 'FINISHED':
      return 'success';
    case 'PENDING':
    case 'QUEUED':
      return 'warning';
    case 'FAILED':
      return 'error';
    default:
      return 'default';
  }
}

/** What one row of the task table shows. */
function shownRow(row: OldRow) {
  return {
    id: row.short_task_id,
    color: getStatusColor(row.status),
    completedAt: row.completed_at ?? row.date_done ?? '-',
    duration: row.duration ?? '-',
    result: row.has_result ? 'Yes' : 'No',
  };
}

/** The status filter's values in the page's drop-down, and the old statuses each may show. */
const FILTERS: Record<string, string[]> = {
  PENDING: ['queued'],
  STARTED: ['started'],
  SUCCESS: ['finished'],
  FAILURE: ['failed'],
  RETRY: ['started'],
  REVOKED: ['cancelled'],
};

/** How often the detail page polls a running task. */
const DETAIL_POLL_MS = 2000;

describe('the previous system’s admin page, unchanged, against Conveyor with the legacy vocabulary', () => {
  const harness = useApi({ CONVEYOR_API_VOCABULARY: 'legacy' });
  const page = {
    list: (query: string) => harness.api.call<OldList & ApiBody>('GET', `/tasks?limit=10&offset=0${query}`),
    listPage: (offset: number, query = '') => harness.api.call<OldList & ApiBody>('GET', `/tasks?limit=10&offset=${offset}${query}`),
    newTask: (body: Record<string, unknown>) => harness.api.call<ApiBody>('POST', '/tasks/submit', { body }),
    status: (id: string) => harness.api.call<OldDetail & ApiBody>('GET', `/tasks/${id}/status`),
    result: (id: string) => harness.api.call<ApiBody>('GET', `/tasks/${id}/result`),
    delete: (id: string) => harness.api.call<ApiBody>('DELETE', `/tasks/${id}`),
  };

  it('lists tasks ten at a time by offset, with the paging fields it reads', async () => {
    // Eleven tasks from its "New Task" dialog: more than one page, whatever else the server holds.
    const created: string[] = [];
    for (let i = 0; i < 11; i++) {
      const answer = await page.newTask({ task_name: 'noop', parameters: {}, priority: 5 });
      expect(answer.status).toBe(201);
      created.push(String(answer.body.task_id));
    }
    // Visibility is eventually consistent: on Elasticsearch a new task is listed about a second later.
    await until(
      () => harness.api.call<OldList & ApiBody>('GET', '/tasks?limit=200'),
      (answer) => created.every((id) => answer.body.tasks.some((row) => row.task_id === id)),
    );

    const first = await page.list('');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ limit: 10, offset: 0, has_more: true });
    expect(first.body.total).toBeGreaterThanOrEqual(11);
    expect(first.body.tasks).toHaveLength(10);
    for (const row of first.body.tasks) {
      expect(Object.keys(row)).toEqual(expect.arrayContaining(['task_id', 'task_name', 'status', 'queue', 'worker', 'completed_at', 'date_done', 'retries', 'has_result', 'has_error']));
      expect(row.short_task_id).toBe(row.task_id.slice(-12));
    }

    const second = await page.listPage(10);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ limit: 10, offset: 10 });
    expect(second.body.tasks.length).toBeGreaterThan(0);
    expect(second.body.has_more).toBe(10 + second.body.tasks.length < second.body.total);
  });

  it('creates a task with priority 5, polls its status every 2 s until finished, then shows its result; delete answers as it can', async () => {
    const parameters = { duration: 1, message: 'from the admin page' };
    const created = await page.newTask({ task_name: 'example_long_running', parameters, priority: 5 });
    expect(created.status).toBe(201);
    const taskId = String(created.body.task_id);

    const polled = await until(
      () => page.status(taskId),
      (answer) => answer.status === 200 && ['finished', 'failed'].includes(answer.body.status),
      { tries: 30, intervalMs: DETAIL_POLL_MS },
    );
    const detail = polled.body;
    expect(detail.status).toBe('finished');
    // The page's default priority 5 is "normal" on its scale: Temporal's default key.
    expect(detail).toMatchObject({ kwargs: parameters, error: null, has_error: false, has_result: true, progress: { percent: 100 }, priority: 3 });
    expect(new Date(detail.created_at).getTime()).toBeLessThanOrEqual(new Date(detail.started_at!).getTime());
    expect(new Date(detail.started_at!).getTime()).toBeLessThanOrEqual(new Date(detail.finished_at!).getTime());
    expect(detail.worker).toEqual(expect.any(String));

    const result = await page.result(taskId);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ status: 'finished', result: { message: parameters.message, requested_duration: 1 } });

    // The table, filtered to finished tasks, shows it as the page would.
    const shown = await findRow(taskId, '&status=SUCCESS');
    expect(shownRow(shown)).toMatchObject({ id: taskId.slice(-12), color: 'success', completedAt: detail.finished_at, result: 'Yes' });

    // Deleting an ended task: the previous system answered 501; Conveyor says why it will not (an admin can purge).
    const deleted = await page.delete(taskId);
    expect(deleted.status).toBe(409);
    expect(deleted.body.error?.code).toBe('task_finished');
  });

  it('shows every kind of task under its status filter, a failed one in red with its error; deleting running tasks cancels them', { timeout: 120_000 }, async () => {
    const unserved = `nobody-serves-${crypto.randomUUID().slice(0, 8)}`;
    const submit = async (body: Record<string, unknown>) => String((await page.newTask({ priority: 5, ...body })).body.task_id);
    const [pendingId, retryingId, runningId, failedId] = await Promise.all([
      submit({ task_name: 'noop', parameters: {}, queue: unserved }),
      submit({ task_name: 'example_error_handling', parameters: { should_fail: true, retry_count: 10, fail_at_step: 1 } }),
      submit({ task_name: 'example_long_running', parameters: { duration: 60 }, priority: 10 }),
      submit({ task_name: 'example_error_handling', parameters: { should_fail: true, retry_count: 0, fail_at_step: 2 } }),
    ]);

    const ended = await until(() => page.status(failedId), (answer) => ['finished', 'failed'].includes(answer.body.status), { tries: 30, intervalMs: DETAIL_POLL_MS });
    expect(ended.body).toMatchObject({ status: 'failed', has_error: true, has_result: false });
    expect(ended.body.error).toMatch(/step 2 of \d+ failed/);
    // The old scale's most urgent, 10, is Temporal's first key.
    expect((await page.status(runningId)).body).toMatchObject({ status: 'started', priority: 1 });

    expect((await findRow(pendingId, '&status=PENDING')).status).toBe('queued');
    expect((await findRow(runningId, '&status=STARTED')).status).toBe('started');
    expect((await findRow(retryingId, '&status=RETRY')).status).toBe('started');
    expect(shownRow(await findRow(failedId, '&status=FAILURE')).color).toBe('error');
    // Every row each filter shows is of its kind; the merely running task is no retry.
    for (const word of ['PENDING', 'STARTED', 'SUCCESS', 'FAILURE', 'RETRY']) await expectFilterShowsItsKind(word);
    expect(await allRows('&status=RETRY')).not.toContain(runningId);

    // The queued task's cancellation waits for a worker to take it (none serves its queue): it goes by terminate.
    await harness.client.workflow.getHandle(pendingId).terminate('admin page test: no worker serves its queue');
    for (const taskId of [retryingId, runningId]) expect((await page.delete(taskId)).status).toBe(202);
    for (const taskId of [retryingId, runningId]) {
      const cancelled = await until(() => page.status(taskId), (answer) => answer.body.status === 'cancelled', { tries: 30, intervalMs: DETAIL_POLL_MS });
      expect(cancelled.body).toMatchObject({ status: 'cancelled', has_error: false });
    }
    expect((await findRow(runningId, '&status=REVOKED')).status).toBe('cancelled');
    await expectFilterShowsItsKind('REVOKED');
  });

  /** The first page under a status filter is not empty, and each row on it has a status of that kind. */
  async function expectFilterShowsItsKind(word: string): Promise<void> {
    const answer = await page.list(`&status=${word}`);
    expect(answer.status, word).toBe(200);
    expect(answer.body.total, word).toBeGreaterThan(0);
    for (const row of answer.body.tasks) expect(FILTERS[word], `${word}: ${row.task_id}`).toContain(row.status);
  }

  /** The ids of every row the table shows under `query`, page by page. */
  async function allRows(query: string): Promise<string[]> {
    const ids: string[] = [];
    for (let offset = 0; ; offset += 10) {
      const { body } = await page.listPage(offset, query);
      ids.push(...body.tasks.map((row) => row.task_id));
      if (!body.has_more) return ids;
    }
  }

  /** Pages through the table (as a user clicks "next") until the task's row shows up. */
  async function findRow(taskId: string, query: string): Promise<OldRow> {
    const found = await until(
      async () => {
        for (let offset = 0; ; offset += 10) {
          const { body } = await page.listPage(offset, query);
          const row = body.tasks.find((each) => each.task_id === taskId);
          if (row || !body.has_more) return row;
        }
      },
      (row) => row !== undefined,
      { tries: 20, intervalMs: 500 },
    );
    return found!;
  }
});
