import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { exampleApprovalTask } from '../../examples/approval/task';
import type { exampleDataProcessingTask } from '../../examples/data-processing/task';
import type { exampleErrorHandlingTask } from '../../examples/error-handling/task';
import { ConveyorApiError, createClient, TaskFailedError, TaskNotFinishedError, type ConveyorClient } from '../../src/client';
import { until, useApi } from '../helpers/api-harness';

/** `conveyor/client` against the real Task API, on the run's dev server and worker. */
describe('the typed client', () => {
  const harness = useApi();
  let client: ConveyorClient;

  beforeAll(() => {
    client = createClient({ url: harness.api.base });
  });

  it('submits a task and returns its typed result', async () => {
    const task = await client.submit<typeof exampleDataProcessingTask>('example_data_processing', { data: [1, 2, 3, 4], chunk_size: 2, operation: 'max' });
    const result = await task.result();
    expect(result.final_result).toBe(4);
    expect(result.chunks_processed).toBe(2);
    const detail = await task.status();
    expect(detail).toMatchObject({ task_id: task.id, task_name: 'example_data_processing', status: 'completed', result_available: true });
  });

  it('submits and waits in one request with `wait`: the result is in the submission, and result() asks nothing more', async () => {
    const requests: string[] = [];
    const counting = createClient({ url: harness.api.base });
    const fetchBefore = globalThis.fetch;
    vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}${new URL(String(input)).search}`);
      return fetchBefore(input, init);
    });
    const task = await counting.submit<typeof exampleDataProcessingTask>('example_data_processing', { data: [1, 5, 3], chunk_size: 2, operation: 'max' }, { wait: '20s' });
    expect(task.submission).toMatchObject({ status: 'completed', result: { final_result: 5 } });
    expect((await task.result()).final_result).toBe(5);
    expect(requests).toEqual(['POST /tasks?wait=20.000']);

    const failed = await counting.submit('example_error_handling', { should_fail: true, retry_count: 0 }, { wait: 20 });
    await expect(failed.result()).rejects.toMatchObject({ taskId: failed.id, status: 'failed', failure: { type: 'StepFailed' } });
    expect(requests).toHaveLength(2);

    await expect(counting.submit('noop', {}, { wait: Infinity })).rejects.toThrow(/bounded/);
    expect(requests).toHaveLength(2);
  });

  it('throws TaskFailedError with the status and the typed failure when the task fails', async () => {
    const task = await client.submit<typeof exampleErrorHandlingTask>('example_error_handling', { should_fail: true, retry_count: 0 });
    const error = await task.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({ taskId: task.id, status: 'failed', failure: { type: 'StepFailed' } });
  });

  it("surfaces the API's refusals as ConveyorApiError with its code and message", async () => {
    const invalid = await client.submit('example_data_processing', { chunk_size: 0 }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ConveyorApiError);
    expect(invalid).toMatchObject({ status: 422, code: 'invalid_parameters', isClientError: true });
    expect((invalid as ConveyorApiError).message).toContain('chunk_size');

    const unknown = await client.get(`nobody-${randomUUID()}`).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 404, code: 'task_not_found' });
  });

  it('gives up waiting with TaskNotFinishedError, and cancels', async () => {
    const task = await client.submit<typeof exampleApprovalTask>('example_approval', { subject: 'client test', timeout: 600 });
    const error = await task.result({ wait: '1s' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskNotFinishedError);
    expect(['queued', 'running']).toContain((error as TaskNotFinishedError).status);

    expect(await task.cancel()).toMatchObject({ task_id: task.id, action: 'cancel_requested' });
    await expect(task.result({ wait: '30s' })).rejects.toMatchObject({ status: 'cancelled' });
  });

  it('makes a submit with the same idempotency key return the same task', async () => {
    const key = randomUUID();
    const first = await client.submit('noop', {}, { idempotencyKey: key });
    const again = await client.submit('noop', {}, { idempotencyKey: key });
    expect(again.id).toBe(first.id);
    await expect(first.result()).resolves.toEqual({ ok: true });
  });

  it("submits with a priority: Temporal's priority key, shown in the answer and on the task", async () => {
    const task = await client.submit('noop', {}, { priority: 2 });
    expect(task.submission.priority).toBe(2);
    expect((await task.status()).priority).toBe(2);
    expect((await harness.client.workflow.getHandle(task.id).describe()).priority?.priorityKey).toBe(2);
    await expect(task.result()).resolves.toEqual({ ok: true });
  });

  it('lists tasks by filter', async () => {
    const task = await client.submit('noop', {}, { queue: 'computor-high-priority' });
    await task.result();
    const page = await until(
      () => client.list({ task_name: 'noop', queue: 'computor-high-priority', status: ['completed'], limit: 50 }),
      (answer) => answer.tasks.some((row) => row.task_id === task.id),
    );
    expect(page.tasks.every((row) => row.task_name === 'noop' && row.status === 'completed')).toBe(true);
  });

  it("reports each task's own progress when several run at once (workflow state is per execution)", async () => {
    const short = await client.submit<typeof exampleApprovalTask>('example_approval', { subject: 'first', timeout: 60 });
    const long = await client.submit<typeof exampleApprovalTask>('example_approval', { subject: 'second', timeout: 6000 });
    try {
      const [a, b] = await Promise.all(
        [short, long].map((task) =>
          until(
            () => task.status(),
            (detail) => detail.progress?.stage === 'awaiting_review',
          ),
        ),
      );
      const deadlineOf = (message: string | undefined) => Date.parse(message?.replace('decision due by ', '') ?? '');
      const created = (detail: { created_at: string }) => Date.parse(detail.created_at);
      // Each task's progress carries its own deadline: about 60 s and 6000 s after it began.
      expect(deadlineOf(a!.progress?.message) - created(a!)).toBeLessThan(120_000);
      expect(deadlineOf(b!.progress?.message) - created(b!)).toBeGreaterThan(5000_000);
    } finally {
      await Promise.all([short.cancel(), long.cancel()]);
    }
  });
});
