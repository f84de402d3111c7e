import type { Client } from '@temporalio/client';
import { ALERT_DELIVERY_WORKFLOW_TYPE, ALERT_MEMO, type AlertDelivered } from '../../contract/alerts';
import { endedOutcome } from '../tasks/await-outcome';
import { mapConcurrently } from '../tasks/map-concurrently';

/** One alert's delivery as GET /alerts shows it. */
export interface AlertDeliveryView {
  alertId: string;
  event: string;
  taskId: string | null;
  taskName: string | null;
  scheduleId: string | null;
  /** delivering: the receiver has not taken it yet (Temporal retries with back-off); failed: given up on. */
  state: 'delivering' | 'delivered' | 'failed';
  /** Attempts so far (the one under way included). */
  attempts: number;
  /** Why the latest attempt failed; null once delivered. */
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

interface AlertMemo {
  event: string;
  taskId: string | null;
  taskName: string | null;
  scheduleId: string | null;
  delivered?: AlertDelivered;
}

const DESCRIBE_CONCURRENCY = 10;

/**
 * The latest alert deliveries, newest first, from Temporal: each is a workflow of its own; one
 * still delivering is described for its attempt and last failure, one that failed read for why.
 */
export async function listAlertDeliveries(client: Client, limit: number): Promise<AlertDeliveryView[]> {
  const rows = [];
  for await (const execution of client.workflow.list({ query: `WorkflowType = '${ALERT_DELIVERY_WORKFLOW_TYPE}'`, pageSize: limit })) {
    rows.push(execution);
    if (rows.length >= limit) break;
  }
  return mapConcurrently(rows, DESCRIBE_CONCURRENCY, async (row) => {
    const memo = (row.memo?.[ALERT_MEMO] ?? {}) as Partial<AlertMemo>;
    const view: AlertDeliveryView = {
      alertId: row.workflowId,
      event: memo.event ?? 'unknown',
      taskId: memo.taskId ?? null,
      taskName: memo.taskName ?? null,
      scheduleId: memo.scheduleId ?? null,
      state: 'delivering',
      attempts: 0,
      lastError: null,
      createdAt: row.startTime.toISOString(),
      deliveredAt: null,
    };
    const status = row.status.name;
    if (status === 'COMPLETED') return { ...view, state: 'delivered' as const, attempts: memo.delivered?.attempts ?? 1, deliveredAt: memo.delivered?.deliveredAt ?? row.closeTime?.toISOString() ?? null };
    const handle = client.workflow.getHandle(row.workflowId, row.runId);
    if (status === 'RUNNING') {
      const described = await handle.describe();
      const pending = described.raw.pendingActivities?.[0];
      return { ...view, attempts: pending?.attempt ?? 1, lastError: pending?.lastFailure?.message ?? null };
    }
    const outcome = await endedOutcome(handle);
    const cause = outcome.failure?.causes.at(-1) ?? outcome.failure;
    return { ...view, state: 'failed' as const, attempts: 0, lastError: cause?.message ?? status.toLowerCase() };
  });
}
