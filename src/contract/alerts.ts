/**
 * What Conveyor's alerting workflows carry (docs/failures-and-bulk-actions.md, "Alerts").
 * Workflow-safe: types and constants only.
 */
import type { AlertEvent } from '../config';

/** The one workflow per namespace that looks for what to alert on, every check interval. */
export const ALERTS_WORKFLOW_TYPE = 'conveyorAlerts';
export const ALERTS_WORKFLOW_ID = 'conveyor-alerts';

/** One alert's delivery: a workflow of its own, so a receiver that is down never holds up the next. */
export const ALERT_DELIVERY_WORKFLOW_TYPE = 'conveyorAlertDelivery';

/** The memo a delivery keeps what it is about, and once sent, how it went: read by GET /alerts without a describe each. */
export const ALERT_MEMO = 'conveyor_alert';

/** What one alert is about. Its `id` is its delivery workflow's id: the same alert is never delivered twice. */
export interface Alert {
  id: string;
  event: AlertEvent;
  taskId?: string | undefined;
  runId?: string | undefined;
  taskName?: string | undefined;
  scheduleId?: string | undefined;
  /** For `schedule_missed`: runs Temporal did not start, in all so far, by why. */
  missed?: { catchupWindow: number; overlap: number } | undefined;
  /** When it happened, as far as Temporal says (a task's close time, a stuck task's first failure). */
  at: string | null;
}

/** A delivery's outcome, as its memo holds it once sent. */
export interface AlertDelivered {
  attempts: number;
  status: number;
  deliveredAt: string;
}

/** What the alerts workflow carries from one check to the next (and over continue-as-new). */
export interface AlerterState {
  /** Tasks that ended at or after this time (less a minute: visibility lags) are looked at next. */
  cursor: string;
  /** Per schedule, the runs Temporal did not start so far. */
  schedules: Record<string, number>;
  /**
   * When alerts began: a schedule first seen that was created before this sets its baseline (what
   * it missed before is not news); one created since is alerted on from its first missed run.
   */
  startedAt: string;
}

/** One check's outcome. */
export interface AlertCheck {
  state: AlerterState;
  /** How long to wait before the next check (CONVEYOR_ALERT_CHECK_INTERVAL, as the worker that checked has it). */
  nextCheckMs: number;
  started: number;
}
