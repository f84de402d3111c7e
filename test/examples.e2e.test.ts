import { ApplicationFailure, WorkflowFailedError, type Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskRegistry } from '../src/tasks';
import { startTask } from '../src/temporal/start-task';
import { FailureType } from '../src/workflows/failure-types';
import { progressQuery, type Progress } from '../src/workflows/progress';
import { connectShared } from './helpers/temporal';

/** The example tasks end to end, on the run's real dev server and worker. */
describe('example tasks', () => {
  let client: Client;
  const registry = taskRegistry();
  const submit = (taskName: string, params: unknown) => startTask(client, registry, { taskName, params, submitter: 'test' });

  beforeAll(async () => {
    client = await connectShared();
  });
  afterAll(async () => {
    await client.connection.close();
  });

  it('example_long_running echoes the message with requested and actual durations', async () => {
    const started = await submit('example_long_running', { duration: 2, message: 'Hello Temporal!' });
    const result = await started.handle.result();
    expect(result).toMatchObject({ message: 'Hello Temporal!', requested_duration: 2 });
    expect(result.actual_duration).toBeGreaterThanOrEqual(2);
    expect(started.queue).toBe('computor-long-running');
  });

  it('example_long_running reports progress through a query while it runs', async () => {
    const started = await submit('example_long_running', { duration: 4, message: 'watch me' });
    const seen: Progress[] = [];
    for (let i = 0; i < 80 && !seen.some((p) => p.stage === 'working' && p.percent > 0 && p.percent < 100); i++) {
      seen.push(await started.handle.query(progressQuery));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const working = seen.find((p) => p.stage === 'working' && p.percent > 0 && p.percent < 100);
    expect(working?.message).toContain('watch me');
    await started.handle.result();
    expect(await started.handle.query(progressQuery)).toMatchObject({ percent: 100, stage: 'completed' });
  });

  it('example_data_processing processes 1..data_size in chunks and combines an exact average', async () => {
    const started = await submit('example_data_processing', { data_size: 100, chunk_size: 7, operation: 'avg' });
    const result = await started.handle.result();
    expect(result.total_items).toBe(100);
    expect(result.chunks_processed).toBe(15);
    expect(result.chunk_results).toHaveLength(15);
    expect(result.chunk_results[14]).toMatchObject({ chunk_index: 14, items: 2, result: 99.5 });
    expect(result.final_result).toBe(50.5);
  });

  it('example_data_processing uses the given data for every operation', async () => {
    const data = [5, -3, 12, 7, 0, 9, 4];
    const expected = { sum: 34, count: 7, max: 12, avg: 34 / 7 };
    for (const [operation, value] of Object.entries(expected)) {
      const started = await submit('example_data_processing', { data, chunk_size: 3, operation });
      const result = await started.handle.result();
      expect(result).toMatchObject({ operation, total_items: 7, chunks_processed: 3 });
      expect(result.final_result).toBeCloseTo(value, 10);
    }
  });

  it('example_data_processing keeps at most 8 chunk activities in flight', async () => {
    const started = await submit('example_data_processing', { data_size: 400, chunk_size: 10, operation: 'sum' });
    const result = await started.handle.result();
    expect(result.final_result).toBe((400 * 401) / 2);
    let inFlight = 0;
    let peak = 0;
    const history = await started.handle.fetchHistory();
    for (const event of history.events ?? []) {
      if (event.activityTaskScheduledEventAttributes) peak = Math.max(peak, ++inFlight);
      if (event.activityTaskCompletedEventAttributes) inFlight--;
    }
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(8);
  });

  it('example_error_handling completes every step when it should not fail', async () => {
    const started = await submit('example_error_handling', { should_fail: false, retry_count: 2, fail_at_step: 2 });
    expect(await started.handle.result()).toEqual({
      steps_completed: 3,
      steps: [1, 2, 3].map((step) => ({ step, attempt: 1 })),
    });
  });

  it('example_error_handling ends as a failed workflow with a typed failure after retry_count retries', async () => {
    const started = await submit('example_error_handling', { should_fail: true, retry_count: 2, fail_at_step: 2 });
    const failure = await started.handle.result().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe(FailureType.StepFailed);
    expect((cause as ApplicationFailure).nonRetryable).toBe(true);

    const description = await started.handle.describe();
    expect(description.status.name).toBe('FAILED');
    // Retries come from the activity retry policy: one scheduled step-2 activity, three attempts.
    const history = await started.handle.fetchHistory();
    const events = history.events ?? [];
    expect(events.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(2);
    const lastAttempt = events.flatMap((e) => (e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt] : [])).pop();
    expect(lastAttempt).toBe(3);
  });
});
