import { describe, expect, it } from 'vitest';
import type { AsyncOperationsResult } from '../../examples/async-operations/schema';
import { FailureType } from '../../examples/failure-types';
import type { FireAndForgetChildResult, FireAndForgetResult } from '../../examples/fire-and-forget/schema';
import type { OrchestrationResult } from '../../examples/orchestration/schema';
import { readSse, type SseEvent } from '../../src/client/sse';
import { untilStatus, useApi, type ApiBody, type SubmitAnswer, type TaskAnswer } from '../helpers/api-harness';
import { runCli } from '../helpers/cli';
import { sharedServerEnv } from '../helpers/temporal';

interface ResultAnswer<Result> {
  status: string;
  result?: Result;
  failure?: { type: string; message: string; causes: { type: string; message: string }[] };
}

/** orchestration, async_operations and fire_and_forget end to end: through the Task API, on the run's dev server and worker. */
describe('workflow patterns through the API', () => {
  const harness = useApi();

  const submit = async (task_name: string, parameters: unknown): Promise<string> => {
    const answer = await harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body: { task_name, parameters } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.task_id;
  };
  const outcome = async <Result>(taskId: string) => (await harness.api.call<ResultAnswer<Result>>('GET', `/tasks/${encodeURIComponent(taskId)}/result?wait=20s`)).body;
  const historyOf = async (taskId: string) => (await harness.client.workflow.getHandle(taskId).fetchHistory()).events ?? [];

  it('orchestration: [1,2,3] gives 12 through four child workflows, its progress costing no history events', async () => {
    const taskId = await submit('orchestration', { values: [1, 2, 3] });

    expect(await outcome<OrchestrationResult>(taskId)).toMatchObject({ status: 'completed', result: { added_one: 2, doubled: [4, 6], sum: 12 } });
    const events = await historyOf(taskId);
    expect(events.flatMap((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name ?? []).sort()).toEqual([
      'orchestrationAddOne',
      'orchestrationDouble',
      'orchestrationDouble',
      'orchestrationSum',
    ]);
    // setProgress is state read by the progress query: no signal, marker or extra upsert in the history.
    expect(events.filter((e) => e.workflowExecutionSignaledEventAttributes || e.markerRecordedEventAttributes)).toEqual([]);
    expect(events.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes)).toHaveLength(1);
    const view = await harness.api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(taskId)}`);
    expect(view.body).toMatchObject({ task_name: 'orchestration', status: 'completed', progress: { percent: 100, stage: 'completed' } });
  });

  it('orchestration: an empty list is refused at submit with a 422 naming values', async () => {
    const answer = await harness.api.call<ApiBody>('POST', '/tasks', { body: { task_name: 'orchestration', parameters: { values: [] } } });

    expect(answer.status).toBe(422);
    expect(answer.body.error?.code).toBe('invalid_parameters');
    expect((answer.body.error?.details as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(['parameters.values']);
  });

  it('async_operations: ok answers, invalid fails once and typed, flaky succeeds on attempt 3, timeout falls back', async () => {
    const [ok, invalid, flaky, timeout] = await Promise.all(['ok', 'invalid', 'flaky', 'timeout'].map((mode) => submit('async_operations', { n: 21, mode })));
    // The stream of the slowest shows the stage its workflow reports while the service is being called.
    const stream = await fetch(`${harness.api.base}/tasks/${encodeURIComponent(timeout!)}/events`, { signal: AbortSignal.timeout(60_000) });
    const streamed: SseEvent[] = [];
    const reading = (async () => {
      for await (const event of readSse(stream.body!)) streamed.push(event);
    })();

    expect(await outcome<AsyncOperationsResult>(ok!)).toMatchObject({ status: 'completed', result: { value: 42, source: 'service' } });
    expect(await outcome<AsyncOperationsResult>(flaky!)).toMatchObject({ status: 'completed', result: { value: 42, source: 'service', attempt: 3 } });
    expect(await outcome<AsyncOperationsResult>(timeout!)).toMatchObject({ status: 'completed', result: { value: 42, source: 'fallback' } });
    const refused = await outcome(invalid!);
    expect(refused).toMatchObject({ status: 'failed', failure: { type: FailureType.InvalidServiceRequest } });
    expect(refused.failure?.causes.map((cause) => cause.type)).toContain(FailureType.InvalidServiceRequest);
    const attemptsOf = async (taskId: string) => (await historyOf(taskId)).flatMap((e) => e.activityTaskStartedEventAttributes?.attempt ?? []);
    expect(await attemptsOf(invalid!)).toEqual([1]);
    expect(await attemptsOf(flaky!)).toEqual([3]); // one scheduled activity, retried by its policy

    await reading;
    const stages = streamed.map((event) => (JSON.parse(event.data) as Pick<TaskAnswer, 'progress'>).progress?.stage);
    expect(stages).toContain('calling the service');
    expect(streamed.at(-1)?.event).toBe('completed');
  });

  it('async_operations from the CLI: `submit --wait` follows it (as `tasks watch` does) through the timeout to the fallback answer', async () => {
    // One process submits and follows at once: a separate `tasks watch` could start after the task has ended.
    const run = await runCli(['submit', 'async_operations', '--params', '{"n": 21, "mode": "timeout"}', '--wait'], {
      ...sharedServerEnv(),
      CONVEYOR_API_URL: harness.api.base,
    });

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/running\s+0%\s+calling the service: mode timeout/);
    expect(JSON.parse(run.stdout)).toMatchObject({ value: 42, source: 'fallback' });
  });

  it('fire_and_forget: completes at once with child_id; the child runs on, then completes', async () => {
    const taskId = await submit('fire_and_forget', { seconds: 3 });

    const done = await outcome<FireAndForgetResult>(taskId);
    expect(done).toMatchObject({ status: 'completed', result: { child_id: `${taskId}-child` } });
    const child = harness.client.workflow.getHandle(done.result!.child_id);
    expect((await child.describe()).status.name).toBe('RUNNING');
    expect(await child.result()).toEqual({ seconds: 3, parent_id: taskId } satisfies FireAndForgetChildResult);
    const view = await untilStatus(harness.api, done.result!.child_id, ['completed']);
    expect(view.body.status).toBe('completed');
  });
});
