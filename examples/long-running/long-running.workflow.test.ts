import { CancelledFailure, Context } from '@temporalio/activity';
import { progressQuery } from 'conveyor/workflow';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StartedTask } from '../../src/temporal/start-task';
import { deferred } from '../../test/helpers/deferred';
import { failureOf, localEnvironment, serveExamples } from '../../test/helpers/workflow-environment';
import type { LongRunningParams, LongRunningResult } from './schema';

/**
 * example_long_running with a mocked `longRunningWork`, on a real dev server of its own: no
 * timers matter here, cancellation does (the work must stop before the task says cancelled).
 */
describe('example_long_running workflow', () => {
  let work: (params: LongRunningParams) => Promise<unknown>;

  const examples = serveExamples(localEnvironment, { longRunningWork: (params: LongRunningParams) => work(params) });
  beforeEach(() => {
    work = async () => ({ worked_ms: 0 });
  });

  const start = (params: Partial<LongRunningParams>): Promise<StartedTask> => examples.start('example_long_running', { message: 'hello', ...params });

  it('shows its progress while the work runs, then echoes the message with the durations', async () => {
    const started = deferred<LongRunningParams>();
    const finish = deferred();
    work = async (params) => {
      started.resolve(params);
      await finish.promise;
      return { worked_ms: 0 };
    };
    const task = await start({ duration: 120, message: 'hello' });

    expect(await started.promise).toEqual({ duration: 120, message: 'hello' });
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 0, stage: 'starting', message: 'hello' });
    finish.resolve();

    const result = (await task.handle.result()) as LongRunningResult;
    expect(result).toMatchObject({ message: 'hello', requested_duration: 120 });
    expect(result.actual_duration).toBeGreaterThanOrEqual(0);
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

