import type { NoopResult } from './noop-result';

/**
 * Conveyor's own workflows, bundled with every application's. Their export names are their
 * Temporal workflow types.
 */

/** Returns at once, within the task's first workflow task: no activity, no timer. Its argument, `{}`, is ignored. */
export async function noop(): Promise<NoopResult> {
  return { ok: true };
}

/** Debounced submits' windows (see debounce.ts). Its type is `DEBOUNCE_WORKFLOW_TYPE`. */
export { conveyorDebounce } from './debounce';

/** Per-key concurrency's semaphores (see semaphore.ts). Its type is `SEMAPHORE_WORKFLOW_TYPE`. */
export { conveyorSemaphore } from './semaphore';

/** Bulk re-run jobs (see rerun.ts). Its type is `RERUN_WORKFLOW_TYPE`. */
export { conveyorRerun } from './rerun';

/** Alerts: the namespace's alerter and each alert's delivery (see alerts.ts). Their types are `ALERTS_WORKFLOW_TYPE` and `ALERT_DELIVERY_WORKFLOW_TYPE`. */
export { conveyorAlertDelivery, conveyorAlerts } from './alerts';
