import { describe, expect, it } from 'vitest';
import type { LargeDatasetResult } from '../../examples/large-dataset/schema';
import { FailureType } from '../../examples/failure-types';
import { readSse, type SseEvent } from '../../src/client/sse';
import { useApi, type ApiBody, type SubmitAnswer, type TaskAnswer } from '../helpers/api-harness';

type ResultAnswer = ApiBody & { status: string; result: unknown };

/** process_large_dataset and booking_saga end to end: through the API, on the run's dev server and worker. */
describe('process_large_dataset and booking_saga through the API', () => {
  const harness = useApi();
  const submit = (taskName: string, parameters: unknown) => harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body: { task_name: taskName, parameters } });
  const resultOf = (taskId: string) => harness.api.call<ResultAnswer>('GET', `/tasks/${taskId}/result?wait=20s`);
  const activitiesRun = async (taskId: string) =>
    ((await harness.client.workflow.getHandle(taskId).fetchHistory()).events ?? []).flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []);

  it('process_large_dataset sums 1..450 to 101475 over a chain of runs that the API reports as one task', async () => {
    const parameters = { length: 450, chunk_size: 50, chunks_per_run: 4 };
    const submitted = await submit('process_large_dataset', parameters);
    expect(submitted.status).toBe(201);
    const taskId = submitted.body.task_id;

    const answer = await resultOf(taskId);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'completed', result: { total: 101475, items_processed: 450, chunks_processed: 9, runs: 3 } });
    const view = await harness.api.call<TaskAnswer>('GET', `/tasks/${taskId}`);
    expect(view.body).toMatchObject({ task_id: taskId, task_name: 'process_large_dataset', status: 'completed', parameters });
    const { runId, raw } = await harness.client.workflow.getHandle(taskId).describe();
    expect(view.body.run_id).toBe(runId);
    expect(view.body.run_id).not.toBe(raw.workflowExecutionInfo?.firstRunId);
    const list = await harness.api.call<ApiBody & { tasks: { task_id: string }[] }>('GET', '/tasks?task_name=process_large_dataset&limit=100');
    expect(list.body.tasks.filter((task) => task.task_id === taskId)).toHaveLength(1);
    // The last run processed only the ninth chunk: the earlier ones live in the runs before it.
    expect(await activitiesRun(taskId)).toEqual(['processDatasetChunk']);
    expect((answer.body.result as LargeDatasetResult).total).toBe((450 * 451) / 2);
  });

  it('process_large_dataset streams its chunk and run over SSE while the chain runs', async () => {
    const submitted = await submit('process_large_dataset', { length: 5_000_000, chunk_size: 100_000, chunks_per_run: 10 });
    const response = await fetch(`${harness.api.base}/tasks/${submitted.body.task_id}/events`, { signal: AbortSignal.timeout(120_000) });

    const events: SseEvent[] = [];
    for await (const event of readSse(response.body!)) events.push(event);
    expect(events.at(-1)?.event).toBe('completed');
    const stages = events.flatMap((event) => (JSON.parse(event.data) as { progress: { stage: string } | null }).progress?.stage ?? []);
    // Five runs of ten chunks: the stream, which polls, sees some of them, and a later run among them.
    const runs = stages.flatMap((stage) => /^chunk \d+ of 50, run (\d)$/.exec(stage)?.[1] ?? []).map(Number);
    expect(runs.length).toBeGreaterThan(0);
    expect(Math.max(...runs)).toBeGreaterThan(1);
  });

  it('booking_saga books when nothing fails', async () => {
    const submitted = await submit('booking_saga', { fail_at: 'none' });
    const taskId = submitted.body.task_id;

    const answer = await resultOf(taskId);
    expect(answer.body).toMatchObject({ status: 'completed', result: { booking_id: taskId, shipment_id: `${taskId}:shipment` } });
    expect(await activitiesRun(taskId)).toEqual(['reserve', 'charge', 'ship']);
  });

  it('booking_saga failing at ship, with a failing refund, still releases and fails with the ship failure', async () => {
    const submitted = await submit('booking_saga', { fail_at: 'ship', compensation_fails: 'charge' });
    const taskId = submitted.body.task_id;

    const answer = await resultOf(taskId);
    expect(answer.body.status).toBe('failed');
    const view = await harness.api.call<TaskAnswer>('GET', `/tasks/${taskId}`);
    expect(view.body.status).toBe('failed');
    expect(view.body.failure?.causes).toEqual([{ type: FailureType.BookingStepFailed, message: `ship failed for booking ${taskId} (simulated)` }]);
    expect(await activitiesRun(taskId)).toEqual(['reserve', 'charge', 'ship', 'refund', 'release']);
  });

  it.each([
    ['process_large_dataset', { length: 0, chunk_size: 10 }, 'parameters.length'],
    ['process_large_dataset', { length: 100, chunk_size: 2.5 }, 'parameters.chunk_size'],
    ['process_large_dataset', { length: 10_000_000, chunk_size: 1 }, 'parameters.chunk_size'],
    ['process_large_dataset', { length: 450 }, 'parameters.chunk_size'],
    ['booking_saga', {}, 'parameters.fail_at'],
    ['booking_saga', { fail_at: 'charge', compensation_fails: 'charge' }, 'parameters.compensation_fails'],
  ])('%s with %j is refused with 422 naming %s', async (taskName, parameters, field) => {
    const answer = await submit(taskName, parameters);

    expect(answer.status).toBe(422);
    expect(answer.body.error?.code).toBe('invalid_parameters');
    expect((answer.body.error?.details as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual([field]);
  });
});
