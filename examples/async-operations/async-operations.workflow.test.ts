import { Context } from '@temporalio/activity';
import { ActivityFailure, ApplicationFailure } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { progressQuery } from 'conveyor/workflow';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StartedTask } from '../../src/temporal/tasks/start-task';
import { deferred } from '../../test/helpers/deferred';
import { failureOf, serveExamples, timeSkippingEnvironment } from '../../test/helpers/workflow-environment';
import { FailureType } from '../failure-types';
import * as activities from './activities';
import { SERVICE_CALL_ATTEMPTS, SERVICE_CALL_TIMEOUT_MS, SERVICE_RETRY_INITIAL_INTERVAL_MS } from './limits';
import type { AsyncOperationsParams, AsyncOperationsResult } from './schema';

type Activities = typeof activities;

/** async_operations' failure handling, mode by mode, on the time-skipping server with mocked activities. */
describe('async_operations workflow', () => {
  /** Every activity call with its attempt, in order. */
  let calls: string[];
  /** What the mocked activities do in the current test: the simulated service's own behaviour by default. */
  let callService: Activities['callService'];
  let fallbackService: Activities['fallbackService'];

  const examples = serveExamples(timeSkippingEnvironment, {
    callService: async (params: AsyncOperationsParams) => (calls.push(`callService ${Context.current().info.attempt}`), callService(params)),
    fallbackService: async (n: number) => (calls.push(`fallbackService ${Context.current().info.attempt}`), fallbackService(n)),
  } satisfies Activities);
  beforeEach(() => {
    calls = [];
    callService = activities.callService;
    fallbackService = activities.fallbackService;
  });

  const start = (params: AsyncOperationsParams): Promise<StartedTask> => examples.start('async_operations', params);
  const resultOf = (task: StartedTask) => task.handle.result() as Promise<AsyncOperationsResult>;
  const historyOf = async (task: StartedTask) => (await task.handle.fetchHistory()).events ?? [];

  it('ok: the service answers on its first attempt', async () => {
    const task = await start({ n: 21, mode: 'ok' });

    expect(await resultOf(task)).toEqual({ n: 21, mode: 'ok', value: 42, source: 'service', attempt: 1 });
    expect(calls).toEqual(['callService 1']);
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 100, stage: 'completed', message: 'the service answered on attempt 1' });
  });

  it('invalid: fails at once with a non-retryable InvalidServiceRequest, after one attempt and no fallback', async () => {
    const task = await start({ n: 7, mode: 'invalid' });

    const failure = await failureOf(task);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FailureType.InvalidServiceRequest, nonRetryable: true, message: 'the service refused n=7' });
    expect(failure.cause).toBeInstanceOf(ActivityFailure);
    expect(failure.cause?.cause).toMatchObject({ type: FailureType.InvalidServiceRequest, nonRetryable: true });
    expect(calls).toEqual(['callService 1']);
  });

  it('flaky: two transient failures, then the retry policy (with backoff) gets an answer on attempt 3', async () => {
    const task = await start({ n: 5, mode: 'flaky' });

    expect(await resultOf(task)).toEqual({ n: 5, mode: 'flaky', value: 10, source: 'service', attempt: 3 });
    expect(calls).toEqual(['callService 1', 'callService 2', 'callService 3']);
    // The retries are Temporal's: one scheduled activity, with the backoff in its retry policy.
    const scheduled = (await historyOf(task)).flatMap((e) => e.activityTaskScheduledEventAttributes ?? []);
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]?.retryPolicy).toMatchObject({ maximumAttempts: SERVICE_CALL_ATTEMPTS, backoffCoefficient: 2 });
    expect(optionalTsToMs(scheduled[0]?.retryPolicy?.initialInterval)).toBe(SERVICE_RETRY_INITIAL_INTERVAL_MS);
  });

  it('timeout: every attempt exceeds its start-to-close timeout, then the fallback answers and the result says so', async () => {
    callService = async () => {
      await Context.current().sleep(10 * SERVICE_CALL_TIMEOUT_MS); // until the attempt is over
      throw new Error('unreachable: the attempt timed out long before');
    };
    const inFallback = deferred();
    const releaseFallback = deferred();
    fallbackService = async (n) => {
      inFallback.resolve();
      await releaseFallback.promise;
      return activities.fallbackService(n);
    };
    const task = await start({ n: 4, mode: 'timeout' });

    await inFallback.promise;
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 50, stage: 'fallback', message: `the service timed out ${SERVICE_CALL_ATTEMPTS} time(s)` });
    releaseFallback.resolve();
    expect(await resultOf(task)).toEqual({ n: 4, mode: 'timeout', value: 8, source: 'fallback', attempt: 1 });
    expect(calls).toEqual(['callService 1', 'callService 2', 'callService 3', 'fallbackService 1']);
    const timedOut = (await historyOf(task)).flatMap((e) => e.activityTaskTimedOutEventAttributes ?? []);
    expect(timedOut).toHaveLength(1);
    expect(timedOut[0]?.failure?.timeoutFailureInfo?.timeoutType).toBe(1); // TIMEOUT_TYPE_START_TO_CLOSE
  });

  it('another failure type is not mistaken for a timeout or a refusal: it fails the task as it is, with no fallback', async () => {
    callService = async () => {
      throw ApplicationFailure.nonRetryable('the service is gone', 'ServiceGone');
    };
    const task = await start({ n: 1, mode: 'ok' });

    const failure = await failureOf(task);
    expect(failure).toBeInstanceOf(ActivityFailure);
    expect(failure.cause).toMatchObject({ type: 'ServiceGone' });
    expect(calls).toEqual(['callService 1']);
  });

  it('reports the service call while it runs', async () => {
    const calling = deferred();
    const release = deferred();
    callService = async (params) => {
      calling.resolve();
      await release.promise;
      return activities.callService(params);
    };
    const task = await start({ n: 3, mode: 'ok' });

    await calling.promise;
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 0, stage: 'calling the service', message: 'mode ok' });
    release.resolve();
    await resultOf(task);
  });
});
