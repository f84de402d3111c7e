import { once } from 'node:events';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import type { Chunk, Operation } from '../tasks/examples/data-processing.schema';
import type { Progress } from '../workflows/progress';
import { createActivities, type ActivityDeps, type WorkflowRef } from './index';

const WORKFLOW: WorkflowRef = { workflowId: 'wf-under-test', runId: 'run-under-test' };

interface ProgressCall {
  workflow: WorkflowRef;
  progress: Progress;
}

/** Activities over a fake `reportProgress` that records every call (and may fail, as a lost signal would). */
function activitiesWithFakeDeps(options: { failReports?: boolean } = {}) {
  const reports: ProgressCall[] = [];
  const deps: ActivityDeps = {
    async reportProgress(workflow, progress) {
      reports.push({ workflow, progress });
      if (options.failReports) throw new Error('workflow not found');
    },
  };
  return { activities: createActivities(deps), reports };
}

/** A mock activity environment that records its heartbeats; the SDK's logger is kept quiet. */
function environment(info: ConstructorParameters<typeof MockActivityEnvironment>[0] = {}) {
  const env = new MockActivityEnvironment({ workflowExecution: WORKFLOW, ...info }, { logger: new DefaultLogger('ERROR') });
  const heartbeats: unknown[] = [];
  env.on('heartbeat', (details: unknown) => heartbeats.push(details));
  return { env, heartbeats };
}

describe('longRunningWork', () => {
  it('heartbeats its progress, reports it to the workflow and returns the time worked', async () => {
    const { activities, reports } = activitiesWithFakeDeps();
    const { env, heartbeats } = environment();

    const result = await env.run(activities.longRunningWork, { duration: 2, message: 'crunching' });

    expect(result).toEqual({ worked_ms: 2000 });
    expect(heartbeats).toEqual([{ doneMs: 1000 }, { doneMs: 2000 }]);
    expect(reports.map((r) => r.workflow)).toEqual([WORKFLOW, WORKFLOW]);
    expect(reports.map((r) => r.progress.percent)).toEqual([50, 100]);
    expect(reports.every((r) => r.progress.stage === 'working')).toBe(true);
    expect(reports.at(-1)?.progress.message).toContain('crunching');
  });

  it('resumes from the checkpoint in its last heartbeat instead of starting over', async () => {
    const { activities, reports } = activitiesWithFakeDeps();
    const { env, heartbeats } = environment({ attempt: 2, heartbeatDetails: { doneMs: 1000 } });

    const result = await env.run(activities.longRunningWork, { duration: 2, message: 'crunching' });

    expect(result).toEqual({ worked_ms: 2000 });
    expect(heartbeats).toEqual([{ doneMs: 2000 }]);
    expect(reports.map((r) => r.progress.percent)).toEqual([100]);
  });

  it('finishes its work even when progress cannot be reported', async () => {
    const { activities, reports } = activitiesWithFakeDeps({ failReports: true });
    const { env } = environment();

    const result = await env.run(activities.longRunningWork, { duration: 0.05, message: 'x' });

    expect(result).toEqual({ worked_ms: 50 });
    expect(reports).toHaveLength(1);
  });

  it('rejects with a CancelledFailure when the task is cancelled mid-work', async () => {
    const { activities } = activitiesWithFakeDeps();
    const { env } = environment();

    const running = env.run(activities.longRunningWork, { duration: 3600, message: 'x' });
    await once(env, 'heartbeat');
    env.cancel();

    await expect(running).rejects.toBeInstanceOf(CancelledFailure);
  });
});

describe('processChunk', () => {
  const { activities } = activitiesWithFakeDeps();
  const items: Chunk = { index: 4, items: [3, -2, 9, 6] };
  const range: Chunk = { index: 1, from: 11, to: 14 };

  it.each<[Operation, number, number]>([
    ['sum', 16, 50],
    ['count', 4, 4],
    ['max', 9, 14],
    ['avg', 4, 12.5],
  ])('applies %s to given items and to a range', async (operation, overItems, overRange) => {
    await expect(activities.processChunk({ chunk: items, operation })).resolves.toEqual({
      chunk_index: 4,
      items: 4,
      result: overItems,
      sum: 16,
    });
    await expect(activities.processChunk({ chunk: range, operation })).resolves.toEqual({
      chunk_index: 1,
      items: 4,
      result: overRange,
      sum: 50,
    });
  });
});

describe('runStep', () => {
  const { activities } = activitiesWithFakeDeps();

  it('fails the chosen step with a retryable SimulatedStepFailure', async () => {
    const { env } = environment({ attempt: 3 });

    const failure: unknown = await env.run(activities.runStep, { step: 2, should_fail: true, fail_at_step: 2 }).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(ApplicationFailure);
    const application = failure as ApplicationFailure;
    expect(application.type).toBe('SimulatedStepFailure');
    expect(application.nonRetryable).toBe(false);
    expect(application.details).toEqual([{ step: 2, attempt: 3 }]);
  });

  it('passes any other step, reporting its attempt', async () => {
    const { env } = environment({ attempt: 3 });

    await expect(env.run(activities.runStep, { step: 1, should_fail: true, fail_at_step: 2 })).resolves.toEqual({ step: 1, attempt: 3 });
    await expect(env.run(activities.runStep, { step: 2, should_fail: false, fail_at_step: 2 })).resolves.toEqual({ step: 2, attempt: 3 });
  });
});
