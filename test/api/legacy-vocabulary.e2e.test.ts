import { describe, expect, it } from 'vitest';
import { LEGACY_STATUSES } from '../../src/api/vocabulary/legacy-vocabulary';
import { createClient } from '../../src/client';
import { readSse, type SseEvent } from '../../src/client/sse';
import { until, useApi, type ApiBody, type RunningApi } from '../helpers/api-harness';
import { runCli } from '../helpers/cli';

type Answer = ApiBody & Record<string, unknown>;

/**
 * CONVEYOR_API_VOCABULARY=legacy: every route answers in the previous task system's words, with
 * its field names, and the Conveyor-Vocabulary header picks the words per request.
 */
describe('the previous task system’s vocabulary', () => {
  const legacy = useApi({ CONVEYOR_API_VOCABULARY: 'legacy' });
  const conveyor = useApi();
  const marker = crypto.randomUUID().slice(0, 8);

  /** Polls /status as the old detail page does, recording every word it was answered. */
  async function pollStatusUntilEnded(api: RunningApi, taskId: string): Promise<{ last: Answer; seen: string[] }> {
    const seen: string[] = [];
    const last = await until(
      () => api.call<Answer>('GET', `/tasks/${taskId}/status`),
      (answer) => {
        seen.push(String(answer.body.status));
        return ['finished', 'failed', 'cancelled'].includes(String(answer.body.status));
      },
      { tries: 200, intervalMs: 100 },
    );
    return { last: last.body, seen };
  }

  it('a task that ends well: queued, started, finished on every route, with the old fields', async () => {
    const parameters = { duration: 1, message: `legacy ${marker}` };
    const submitted = await legacy.api.call<Answer>('POST', '/tasks/submit', { body: { task_name: 'example_long_running', parameters } });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ status: 'queued', status_display: 'Queued', short_task_id: submitted.body.short_id, has_error: false });
    const taskId = String(submitted.body.task_id);

    const { last, seen } = await pollStatusUntilEnded(legacy.api, taskId);
    expect(seen.every((word) => (LEGACY_STATUSES as readonly string[]).includes(word))).toBe(true);
    expect(last.status).toBe('finished');

    const task = (await legacy.api.call<Answer>('GET', `/tasks/${taskId}`)).body;
    expect(task).toMatchObject({
      task_id: taskId,
      status: 'finished',
      status_display: 'Finished',
      short_task_id: taskId.slice(-12),
      has_result: true,
      has_error: false,
      error: null,
      retries: 0,
      kwargs: parameters,
      parameters,
    });
    expect(task.completed_at).toBe(task.finished_at);
    expect(task.date_done).toBe(task.finished_at);
    expect(typeof task.completed_at).toBe('string');
    expect(task.worker).toEqual(expect.any(String));

    const result = await legacy.api.call<Answer>('GET', `/tasks/${taskId}/result`);
    expect(result.body).toMatchObject({ task_id: taskId, status: 'finished', result: { message: parameters.message } });

    // Visibility is eventually consistent: on Elasticsearch the list shows the completion a second or two later.
    const list = await until(
      () => legacy.api.call<{ tasks: Answer[] } & ApiBody>('GET', `/tasks?task_name=example_long_running&status=finished&limit=200`),
      (answer) => answer.body.tasks.some((each) => each.task_id === taskId),
    );
    const row = list.body.tasks.find((each) => each.task_id === taskId);
    expect(row).toMatchObject({ status: 'finished', status_display: 'Finished', has_result: true, has_error: false, short_task_id: taskId.slice(-12), worker: null, retries: null });
    expect(row?.completed_at).toBe(row?.finished_at);

    const events: SseEvent[] = [];
    const stream = await fetch(`${legacy.api.base}/tasks/${taskId}/events`, { signal: AbortSignal.timeout(20_000) });
    for await (const event of readSse(stream.body!)) events.push(event);
    expect(events.at(-1)?.event).toBe('finished');
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({ task_id: taskId, status: 'finished', has_error: false });
  });

  it('a task that fails: failed, has_error, and the real failure message in error', async () => {
    const submitted = await legacy.api.call<Answer>('POST', '/tasks/submit', {
      body: { task_name: 'example_error_handling', parameters: { should_fail: true, retry_count: 0, fail_at_step: 1 } },
    });
    const { last } = await pollStatusUntilEnded(legacy.api, String(submitted.body.task_id));

    expect(last).toMatchObject({ status: 'failed', status_display: 'Failed', has_error: true, has_result: false });
    const failure = last.failure as { message: string; causes: { message: string }[] };
    expect(last.error).toBe([failure.message, ...failure.causes.map((cause) => cause.message)].join(': '));
    expect(last.error).toContain('step 1 of');
    const result = await legacy.api.call<Answer>('GET', `/tasks/${String(submitted.body.task_id)}/result`);
    expect(result.body).toMatchObject({ status: 'failed', has_error: true });
  });

  it('a cancelled or terminated task is cancelled', async () => {
    const submit = async () =>
      String((await legacy.api.call<Answer>('POST', '/tasks', { body: { task_name: 'example_long_running', parameters: { duration: 60 } } })).body.task_id);
    const [cancelled, terminated] = await Promise.all([submit(), submit()]);
    await legacy.api.call('POST', `/tasks/${cancelled}/cancel`);
    const answer = await legacy.api.call<Answer>('DELETE', `/tasks/${terminated}?mode=terminate`);
    expect(answer.body).toMatchObject({ status: 'cancelled', action: 'terminated' });

    for (const taskId of [cancelled, terminated]) {
      const { last } = await pollStatusUntilEnded(legacy.api, taskId);
      expect(last).toMatchObject({ status: 'cancelled', has_error: false, error: null });
    }
  });

  it('the Conveyor-Vocabulary header chooses the words of one request, either way', async () => {
    const submitted = await conveyor.api.call<Answer>('POST', '/tasks', { body: { task_name: 'example_long_running', parameters: { duration: 1 } } });
    const taskId = String(submitted.body.task_id);
    await pollStatusUntilEnded(legacy.api, taskId);

    const own = await legacy.api.call<Answer>('GET', `/tasks/${taskId}`, { headers: { 'conveyor-vocabulary': 'conveyor' } });
    expect(own.body.status).toBe('completed');
    expect(own.body).not.toHaveProperty('status_display');
    expect(own.body).not.toHaveProperty('has_result');

    const old = await conveyor.api.call<Answer>('GET', `/tasks/${taskId}`, { headers: { 'conveyor-vocabulary': 'legacy' } });
    expect(old.body).toMatchObject({ status: 'finished', has_result: true });
    expect((await conveyor.api.call<Answer>('GET', `/tasks/${taskId}`)).body.status).toBe('completed');
  });

  it('Conveyor’s typed client and CLI keep their own words against an API that speaks the old ones', async () => {
    const typed = createClient({ url: legacy.api.base });
    const task = await typed.submit('example_long_running', { duration: 1, message: 'typed' });
    await expect(task.result({ wait: '30s' })).resolves.toMatchObject({ message: 'typed' });
    expect((await typed.get(task.id)).status).toBe('completed');

    const cli = await runCli(['submit', 'example_long_running', '--params', '{"duration": 1}', '--wait', '--json'], { CONVEYOR_API_URL: legacy.api.base });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/"status": ?"completed"/);
    expect(cli.stdout).not.toContain('finished');
  });
});
