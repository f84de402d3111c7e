import { CancellationScope, proxyActivities, workflowInfo } from '@temporalio/workflow';
import { failureTypeOf, setProgress } from 'conveyor/workflow';
import type * as activities from './activities';
import { compensate, type Compensation } from './compensations';
import { BOOKING_STEPS, type BookingSagaParams, type BookingSagaResult, type BookingStep } from './schema';

// Transient failures (a network blip) are retried; the simulated ones are non-retryable.
const { reserve, charge, ship } = proxyActivities<typeof activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumAttempts: 3 },
});
// An undo is worth more attempts than a step: giving up leaves a reservation or a charge behind.
const { release, refund } = proxyActivities<typeof activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumAttempts: 5 },
});

/**
 * A booking as a saga: reserve, charge, ship. Each completed step pushes its compensation; when a
 * later step fails (or the task is cancelled), the compensations run latest first (refund, then
 * release), even a cancelled task's, and the task then fails with the step's own failure.
 */
export async function bookingSaga(params: BookingSagaParams): Promise<BookingSagaResult> {
  const bookingId = workflowInfo().workflowId;
  const fails = (step: BookingStep) => params.fail_at === step;
  const undoFails = (step: BookingStep) => params.compensation_fails === step;
  const compensations: Compensation[] = [];
  let stepIndex = 0;
  const stage = (step: BookingStep) => {
    stepIndex = BOOKING_STEPS.indexOf(step);
    setProgress({ percent: (stepIndex / BOOKING_STEPS.length) * 100, stage: `step ${stepIndex + 1} of ${BOOKING_STEPS.length}: ${step}` });
  };

  try {
    stage('reserve');
    const reservationId = await reserve({ booking_id: bookingId, simulate_failure: fails('reserve') });
    compensations.push({ name: 'release', run: () => release({ booking_id: bookingId, simulate_failure: undoFails('reserve'), undoes: reservationId }) });

    stage('charge');
    const chargeId = await charge({ booking_id: bookingId, simulate_failure: fails('charge') });
    compensations.push({ name: 'refund', run: () => refund({ booking_id: bookingId, simulate_failure: undoFails('charge'), undoes: chargeId }) });

    stage('ship');
    const shipmentId = await ship({ booking_id: bookingId, simulate_failure: fails('ship') });

    setProgress({ percent: 100, stage: 'completed' });
    return { booking_id: bookingId, reservation_id: reservationId, charge_id: chargeId, shipment_id: shipmentId };
  } catch (error) {
    const percent = (stepIndex / BOOKING_STEPS.length) * 100;
    // A cancelled task still undoes what it did: the compensations are shielded from the cancellation.
    const report = await CancellationScope.nonCancellable(() => compensate(compensations, percent));
    setProgress({
      percent,
      stage: report.failed.length === 0 ? 'compensated' : `compensated, ${report.failed.join(', ')} failed`,
      message: `${BOOKING_STEPS[stepIndex]} ${failureTypeOf(error) === 'CancelledFailure' ? 'cancelled' : 'failed'}; compensations run: ${report.ran.join(', ') || 'none'}`,
    });
    throw error; // the step's failure, not a compensation's
  }
}
