import { ApplicationFailure, log } from '@temporalio/activity';
import { FailureType } from '../failure-types';

/** What every booking activity is given: the booking, and whether to fail (the task's simulation). */
export interface BookingInput {
  booking_id: string;
  simulate_failure: boolean;
}

/**
 * A simulated failure: the same on every attempt, so non-retryable (a retry would only repeat it
 * and slow the saga down).
 */
function simulated(what: string, type: string, bookingId: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`${what} failed for booking ${bookingId} (simulated)`, type, { booking_id: bookingId });
}

function step(name: string, id: string) {
  return async (input: BookingInput): Promise<string> => {
    if (input.simulate_failure) throw simulated(name, FailureType.BookingStepFailed, input.booking_id);
    log.info(`booking step ${name} done`, { booking_id: input.booking_id });
    return `${input.booking_id}:${id}`;
  };
}

function compensation(name: string) {
  return async (input: BookingInput & { undoes: string }): Promise<void> => {
    if (input.simulate_failure) throw simulated(name, FailureType.CompensationFailed, input.booking_id);
    log.info(`booking compensation ${name} done`, { booking_id: input.booking_id, undoes: input.undoes });
  };
}

/** Reserves the booked item; gives the reservation's id. */
export const reserve = step('reserve', 'reservation');
/** Charges the customer; gives the charge's id. */
export const charge = step('charge', 'charge');
/** Ships the item; gives the shipment's id. */
export const ship = step('ship', 'shipment');
/** Undoes `reserve`: releases the reservation `undoes` names. */
export const release = compensation('release');
/** Undoes `charge`: refunds the charge `undoes` names. */
export const refund = compensation('refund');
