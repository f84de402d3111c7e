import { continueAsNew, proxyActivities, sleep, upsertMemo, workflowInfo } from '@temporalio/workflow';
import { ALERT_MEMO, type Alert, type AlerterState } from '../contract/alerts';
import type { createAlertActivities } from './alert-activities';

type AlertActivities = ReturnType<typeof createAlertActivities>;

const { conveyorFindAlerts } = proxyActivities<AlertActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1s', maximumInterval: '1 minute' },
});

/**
 * Delivery retries with back-off until the receiver takes it (2xx), for a day at most; a receiver
 * that refuses it (4xx other than 408 and 429: a wrong URL, a bad signature) fails it at once.
 */
const { conveyorDeliverAlert } = proxyActivities<AlertActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '24 hours',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: ['AlertRefused'] },
});

/**
 * The namespace's alerter: every check interval, one activity looks at Temporal for failed,
 * timed-out and stuck tasks and missed schedule runs, and starts a delivery workflow for each
 * new one. Tasks never wait on it: it only reads what they left in Temporal.
 */
export async function conveyorAlerts(carried: AlerterState): Promise<void> {
  let state = carried;
  for (;;) {
    const check = await conveyorFindAlerts(state);
    state = check.state;
    await sleep(check.nextCheckMs);
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof conveyorAlerts>(state);
  }
}

/** One alert, delivered: its attempts and their failures are the activity's, visible in Temporal and in GET /alerts. */
export async function conveyorAlertDelivery(alert: Alert): Promise<void> {
  const delivered = await conveyorDeliverAlert(alert);
  upsertMemo({ [ALERT_MEMO]: { ...alertSummary(alert), delivered } });
}

function alertSummary(alert: Alert) {
  return { event: alert.event, taskId: alert.taskId ?? null, taskName: alert.taskName ?? null, scheduleId: alert.scheduleId ?? null };
}
