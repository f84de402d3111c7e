import { ApplicationFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { FailureType } from '../failure-types';
import { charge, refund, release, reserve, ship } from './activities';

const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });

describe('booking activities', () => {
  it.each([
    ['reserve', reserve, 'b-1:reservation'],
    ['charge', charge, 'b-1:charge'],
    ['ship', ship, 'b-1:shipment'],
  ] as const)('%s gives an id derived from the booking', async (_name, step, id) => {
    await expect(env.run(step, { booking_id: 'b-1', simulate_failure: false })).resolves.toBe(id);
  });

  it.each([
    ['reserve', reserve],
    ['charge', charge],
    ['ship', ship],
  ] as const)('%s fails for good, with BookingStepFailed, when told to', async (name, step) => {
    const failure = await env.run(step, { booking_id: 'b-1', simulate_failure: true }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FailureType.BookingStepFailed, nonRetryable: true, message: `${name} failed for booking b-1 (simulated)` });
  });

  it.each([
    ['release', release],
    ['refund', refund],
  ] as const)('%s succeeds, or fails for good with CompensationFailed when told to', async (name, compensation) => {
    await expect(env.run(compensation, { booking_id: 'b-1', simulate_failure: false, undoes: 'b-1:x' })).resolves.toBeUndefined();
    const failure = await env.run(compensation, { booking_id: 'b-1', simulate_failure: true, undoes: 'b-1:x' }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ type: FailureType.CompensationFailed, nonRetryable: true, message: `${name} failed for booking b-1 (simulated)` });
  });
});
