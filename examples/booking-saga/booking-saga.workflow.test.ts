import { Context } from '@temporalio/activity';
import { ActivityFailure, ApplicationFailure, CancelledFailure } from '@temporalio/client';
import { progressQuery } from 'conveyor/workflow';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { StartedTask } from '../../src/temporal/tasks/start-task';
import { deferred } from '../../test/helpers/deferred';
import { captureSdkLogs } from '../../test/helpers/sdk-runtime';
import { until } from '../../test/helpers/until';
import { failureOf, serveExamples, timeSkippingEnvironment } from '../../test/helpers/workflow-environment';
import { FailureType } from '../failure-types';
import * as real from './activities';
import type { BookingSagaParams, BookingSagaResult } from './schema';

/** What the workflows log (WARN and above), from the process's SDK runtime. */
const sdkLogs = captureSdkLogs();
const logged = sdkLogs.entries;
afterAll(() => sdkLogs.stop());

type ActivityName = 'reserve' | 'charge' | 'ship' | 'release' | 'refund';
type Input = real.BookingInput & { undoes?: string };

/**
 * booking_saga with mocked activities on the time-skipping server: each `fail_at`, a failing
 * compensation, and a cancelled booking. The mocks record every call and otherwise behave as the
 * real activities do (a simulated failure is a non-retryable typed failure).
 */
describe('booking_saga workflow', () => {
  let calls: { name: ActivityName; input: Input; attempt: number }[];
  /** A test's own behaviour for an activity, instead of the real one's. */
  let override: Partial<Record<ActivityName, (input: Input) => Promise<unknown>>>;

  const mock = (name: ActivityName) => async (input: Input) => {
    calls.push({ name, input, attempt: Context.current().info.attempt });
    const own = override[name];
    if (own) return own(input);
    return name === 'release' || name === 'refund' ? real[name]({ undoes: '', ...input }) : real[name](input);
  };
  const examples = serveExamples(timeSkippingEnvironment, {
    reserve: mock('reserve'),
    charge: mock('charge'),
    ship: mock('ship'),
    release: mock('release'),
    refund: mock('refund'),
  });
  beforeEach(() => {
    calls = [];
    override = {};
  });

  const start = (params: BookingSagaParams): Promise<StartedTask> => examples.start('booking_saga', params);
  const ran = () => calls.map((call) => call.name);
  const scheduled = async (task: StartedTask) =>
    ((await task.handle.fetchHistory()).events ?? []).flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []);

  /** The task's failure is the failing step's own: an activity failure whose cause is BookingStepFailed. */
  const expectStepFailure = (failure: Error, step: string) => {
    expect(failure).toBeInstanceOf(ActivityFailure);
    expect((failure as ActivityFailure).activityType).toBe(step);
    expect(failure.cause).toBeInstanceOf(ApplicationFailure);
    expect(failure.cause).toMatchObject({ type: FailureType.BookingStepFailed, nonRetryable: true });
    expect((failure.cause as Error).message).toMatch(new RegExp(`^${step} failed for booking `));
  };

  it('fail_at none: reserves, charges and ships, and compensates nothing', async () => {
    const task = await start({ fail_at: 'none' });

    expect(await task.handle.result()).toEqual({
      booking_id: task.taskId,
      reservation_id: `${task.taskId}:reservation`,
      charge_id: `${task.taskId}:charge`,
      shipment_id: `${task.taskId}:shipment`,
    } satisfies BookingSagaResult);
    expect(ran()).toEqual(['reserve', 'charge', 'ship']);
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 100, stage: 'completed' });
  });

  it('fail_at reserve: nothing completed, so nothing is compensated; the task fails with the reserve failure, tried once', async () => {
    const task = await start({ fail_at: 'reserve' });

    expectStepFailure(await failureOf(task), 'reserve');
    expect(calls.map((call) => [call.name, call.attempt])).toEqual([['reserve', 1]]);
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 0, stage: 'compensated', message: 'reserve failed; compensations run: none' });
  });

  it('fail_at charge: releases the reservation, then fails with the charge failure', async () => {
    const task = await start({ fail_at: 'charge' });

    expectStepFailure(await failureOf(task), 'charge');
    expect(ran()).toEqual(['reserve', 'charge', 'release']);
    expect(calls.at(-1)?.input).toEqual({ booking_id: task.taskId, simulate_failure: false, undoes: `${task.taskId}:reservation` });
  });

  it('fail_at ship: refunds, then releases (reverse order), and the history shows both', async () => {
    const task = await start({ fail_at: 'ship' });

    expectStepFailure(await failureOf(task), 'ship');
    expect(ran()).toEqual(['reserve', 'charge', 'ship', 'refund', 'release']);
    expect(await scheduled(task)).toEqual(['reserve', 'charge', 'ship', 'refund', 'release']);
    expect(await task.handle.query(progressQuery)).toEqual({
      percent: 66.7,
      stage: 'compensated',
      message: 'ship failed; compensations run: refund, release',
    });
  });

  it('a failing refund is logged and does not stop the release; the task fails with the ship failure, not the refund’s', async () => {
    const task = await start({ fail_at: 'ship', compensation_fails: 'charge' });

    expectStepFailure(await failureOf(task), 'ship');
    expect(ran()).toEqual(['reserve', 'charge', 'ship', 'refund', 'release']);
    expect(calls.find((call) => call.name === 'refund')?.input.simulate_failure).toBe(true);
    expect(await task.handle.query(progressQuery)).toMatchObject({ stage: 'compensated, refund failed' });
    // Workflow logs leave through a sink, after the activation: they may reach the logger after the result.
    const failedCompensations = await until(
      async () => logged.filter((entry) => entry.meta?.workflowId === task.taskId && entry.level === 'ERROR'),
      (entries) => entries.length > 0,
    );
    expect(failedCompensations.map((entry) => [entry.message, entry.meta?.compensation, entry.meta?.error])).toEqual([
      ['a compensation failed; the other compensations still run', 'refund', `refund failed for booking ${task.taskId} (simulated)`],
    ]);
  });

  it('a failing release (the last compensation) still leaves the task failing with the ship failure', async () => {
    const task = await start({ fail_at: 'ship', compensation_fails: 'reserve' });

    expectStepFailure(await failureOf(task), 'ship');
    expect(ran()).toEqual(['reserve', 'charge', 'ship', 'refund', 'release']);
    expect(await task.handle.query(progressQuery)).toMatchObject({ stage: 'compensated, release failed' });
  });

  it('a compensation failing transiently is retried until it succeeds', async () => {
    override.refund = async () => {
      if (Context.current().info.attempt < 3) throw new Error('the payment provider is unreachable');
    };
    const task = await start({ fail_at: 'ship' });

    expectStepFailure(await failureOf(task), 'ship');
    expect(calls.map((call) => [call.name, call.attempt])).toEqual([
      ['reserve', 1], ['charge', 1], ['ship', 1], ['refund', 1], ['refund', 2], ['refund', 3], ['release', 1],
    ]);
    expect(await task.handle.query(progressQuery)).toMatchObject({ stage: 'compensated' });
  });

  it('reports the compensation it is running', async () => {
    const reached = deferred();
    const release = deferred();
    override.refund = async () => {
      reached.resolve();
      await release.promise;
    };
    const task = await start({ fail_at: 'ship' });
    await reached.promise;

    expect(await task.handle.query(progressQuery)).toEqual({ percent: 66.7, stage: 'compensating: refund' });
    release.resolve();
    await failureOf(task);
  });

  it('reports the step it is on', async () => {
    const reached = deferred();
    const release = deferred();
    override.charge = async (input) => {
      reached.resolve();
      await release.promise;
      return `${input.booking_id}:charge`;
    };
    const task = await start({ fail_at: 'none' });
    await reached.promise;

    expect(await task.handle.query(progressQuery)).toEqual({ percent: 33.3, stage: 'step 2 of 3: charge' });
    release.resolve();
    await task.handle.result();
  });

  it('a booking cancelled mid-step still runs the compensations of the completed steps, then ends cancelled', async () => {
    const reached = deferred();
    override.ship = async () => {
      reached.resolve();
      await Context.current().cancelled; // rejects once the cancellation reaches the activity
    };
    const task = await start({ fail_at: 'none' });
    await reached.promise;
    await task.handle.cancel();

    expect(await failureOf(task)).toBeInstanceOf(CancelledFailure);
    expect(ran()).toEqual(['reserve', 'charge', 'ship', 'refund', 'release']);
    expect((await task.handle.describe()).status.name).toBe('CANCELLED');
    expect(await task.handle.query(progressQuery)).toMatchObject({ stage: 'compensated', message: 'ship cancelled; compensations run: refund, release' });
  });
});
