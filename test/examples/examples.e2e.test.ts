import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { DataProcessingResult } from '../../examples/data-processing/schema';
import type { ErrorHandlingResult } from '../../examples/error-handling/schema';
import { FailureType } from '../../examples/failure-types';
import type { LongRunningResult } from '../../examples/long-running/schema';
import { progressQuery, type Progress } from '../../src/contract/progress';
import { startTask } from '../../src/temporal/tasks/start-task';
import { progressOf, useSharedClient } from '../helpers/temporal';
import { until } from '../helpers/until';

/** The example tasks end to end, on the run's real dev server and worker. */
describe('example tasks', () => {
  const shared = useSharedClient();
  const submit = async <Result>(taskName: string, params: unknown) => {
    const started = await startTask(shared.client, shared.registry, { taskName, params }, { name: 'test', role: 'admin' });
    return { ...started, result: () => started.handle.result() as Promise<Result> };
  };

  it('example_long_running echoes the message with requested and actual durations', async () => {
    const started = await submit<LongRunningResult>('example_long_running', { duration: 2, message: 'Hello Temporal!' });
    const result = await started.result();
    expect(result).toMatchObject({ message: 'Hello Temporal!', requested_duration: 2 });
    expect(result.actual_duration).toBeGreaterThanOrEqual(2);
    expect(started.queue).toBe('computor-long-running');
  });

  it('example_long_running reports progress in its activity heartbeats while it runs, with no history events', async () => {
    const started = await submit<LongRunningResult>('example_long_running', { duration: 4, message: 'watch me' });
    const isWorking = (p: Progress | null) => p?.stage === 'working' && p.percent > 0 && p.percent < 100;
    const working = await until(() => progressOf(shared.client, started.handle), isWorking, { tries: 80, intervalMs: 100 });
    expect(working?.message).toContain('watch me');
    await started.result();
    expect(await started.handle.query(progressQuery)).toMatchObject({ percent: 100, stage: 'completed' });
    // Progress is state (the query) and heartbeat details: no signal or marker ever reached the history.
    const events = (await started.handle.fetchHistory()).events ?? [];
    expect(events.filter((e) => e.workflowExecutionSignaledEventAttributes || e.markerRecordedEventAttributes)).toEqual([]);
    expect(events.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes)).toHaveLength(1);
  });

  it('example_data_processing processes 1..data_size in chunks and combines an exact average', async () => {
    const started = await submit<DataProcessingResult>('example_data_processing', { data_size: 100, chunk_size: 7, operation: 'avg' });
    const result = await started.result();
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
      const started = await submit<DataProcessingResult>('example_data_processing', { data, chunk_size: 3, operation });
      const result = await started.result();
      expect(result).toMatchObject({ operation, total_items: 7, chunks_processed: 3 });
      expect(result.final_result).toBeCloseTo(value, 10);
    }
  });

  it('example_data_processing keeps at most 8 chunk activities in flight', async () => {
    const started = await submit<DataProcessingResult>('example_data_processing', { data_size: 400, chunk_size: 10, operation: 'sum' });
    const result = await started.result();
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
    const started = await submit<ErrorHandlingResult>('example_error_handling', { should_fail: false, retry_count: 2, fail_at_step: 2 });
    expect(await started.result()).toEqual({
      steps_completed: 3,
      steps: [1, 2, 3].map((step) => ({ step, attempt: 1 })),
    });
  });

  it('example_error_handling ends as a failed workflow with a typed failure after retry_count retries', async () => {
    const started = await submit<ErrorHandlingResult>('example_error_handling', { should_fail: true, retry_count: 2, fail_at_step: 2 });
    const failure = await started.result().catch((error: unknown) => error);
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
