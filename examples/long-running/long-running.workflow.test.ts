import { CancelledFailure, Context } from '@temporalio/activity';
import { defaultPayloadConverter } from '@temporalio/common';
import { progressQuery } from 'conveyor/workflow';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StartedTask } from '../../src/temporal/tasks/start-task';
import { deferred } from '../../test/helpers/deferred';
import { until } from '../../test/helpers/until';
import { failureOf, serveExamples, timeSkippingEnvironment } from '../../test/helpers/workflow-environment';
import type { LongRunningParams, LongRunningResult } from './schema';

/** Workflow time skipped per step: well inside the workflow's 10 s heartbeat timeout. */
const SKIP_STEP_SECONDS = 5;

/**
 * example_long_running with a mocked `longRunningWork`, on Temporal's time-skipping test server:
 * the work lets a known amount of workflow time pass, which the task must report as its duration;
 * and the work must stop before the task says cancelled.
 */
describe('example_long_running workflow', () => {
  let work: (params: LongRunningParams) => Promise<unknown>;

  const examples = serveExamples(timeSkippingEnvironment, { longRunningWork: (params: LongRunningParams) => work(params) });

  /**
   * From inside the running work of `task`: lets `seconds` of workflow time pass on the test
   * server's clock at once. A running activity holds that clock still, so the work skips it itself,
   * in steps, each after a heartbeat the server has recorded: one skip past the heartbeat timeout
   * would time the work out.
   */
  async function skipWhileWorking(task: StartedTask, seconds: number): Promise<void> {
    const ctx = Context.current();
    const recordedHeartbeat = async () => {
      const [payload] = (await task.handle.describe()).raw.pendingActivities?.[0]?.heartbeatDetails?.payloads ?? [];
      return payload && defaultPayloadConverter.fromPayload<number>(payload);
    };
    for (let skipped = 0; skipped < seconds; skipped += SKIP_STEP_SECONDS) {
      ctx.heartbeat(skipped);
      await until(recordedHeartbeat, (details) => details === skipped, { tries: 200, intervalMs: 20 });
      await examples.env().sleep(Math.min(SKIP_STEP_SECONDS, seconds - skipped) * 1000);
    }
  }

  beforeEach(() => {
    work = async () => ({ worked_ms: 0 });
  });

  const start = (params: Partial<LongRunningParams>): Promise<StartedTask> => examples.start('example_long_running', { message: 'hello', ...params });

  it('shows its progress while the work runs, then echoes the message with the durations', async () => {
    const started = deferred<LongRunningParams>();
    const finish = deferred();
    // Not the requested duration: the task reports how long its work took, not what was asked for.
    const workSeconds = 90;
    work = async (params) => {
      started.resolve(params);
      await finish.promise;
      await skipWhileWorking(task, workSeconds);
      return { worked_ms: workSeconds * 1000 };
    };
    const realStart = performance.now();
    const task = await start({ duration: 120, message: 'hello' });

    expect(await started.promise).toEqual({ duration: 120, message: 'hello' });
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 0, stage: 'starting', message: 'hello' });
    finish.resolve();

    const result = (await task.handle.result()) as LongRunningResult;
    const realSeconds = (performance.now() - realStart) / 1000;
    expect(result).toMatchObject({ message: 'hello', requested_duration: 120 });
    // The skipped workflow time, plus only the real time the task took (rounded to 0.01 s).
    expect(result.actual_duration).toBeGreaterThanOrEqual(workSeconds);
    expect(result.actual_duration).toBeLessThanOrEqual(workSeconds + realSeconds + 0.01);
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 100, stage: 'completed', message: 'hello' });
  });

  it('a cancelled task ends only once its work has stopped', async () => {
    const workStarted = deferred();
    const cancelSeen = deferred();
    const cleanedUp = deferred();
    let stopped = false;
    work = async () => {
      const ctx = Context.current();
      workStarted.resolve();
      try {
        for (;;) {
          ctx.heartbeat();
          await ctx.sleep(50); // rejects with CancelledFailure once a heartbeat brings the cancellation
        }
      } catch (error) {
        if (!(error instanceof CancelledFailure)) throw error;
        cancelSeen.resolve();
        await cleanedUp.promise; // the work takes a moment to wind down
        stopped = true;
        throw error;
      }
    };
    const task = await start({ duration: 3600 });
    await workStarted.promise;
    await task.handle.cancel();
    await cancelSeen.promise;

    // The work is still winding down, so the task is still running.
    expect((await task.handle.describe()).status.name).toBe('RUNNING');
    cleanedUp.resolve();
    expect(await failureOf(task)).toBeInstanceOf(CancelledFailure);
    expect(stopped).toBe(true);
    // The history shows the order: the activity reported its cancellation, then the task was cancelled.
    const events = (await task.handle.fetchHistory()).events ?? [];
    const activityCancelled = events.findIndex((event) => event.activityTaskCanceledEventAttributes);
    const taskCancelled = events.findIndex((event) => event.workflowExecutionCanceledEventAttributes);
    expect(activityCancelled).toBeGreaterThan(-1);
    expect(taskCancelled).toBeGreaterThan(activityCancelled);
  });
});

