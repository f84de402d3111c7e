import { createHmac } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ALERT_DELIVERY_WORKFLOW_TYPE, ALERT_MEMO, type Alert, type AlertCheck, type AlertDelivered, type AlerterState } from '../contract/alerts';
import type { AlertEvent, AlertSettings } from '../config';
import { scheduleListQuery, visibilityQuery } from '../temporal/tasks/visibility-query';
import { endedOutcome } from '../temporal/tasks/await-outcome';
import { findStuckTasks } from '../temporal/tasks/stuck-tasks';
import { taskNameOfRow } from '../temporal/tasks/task-name';
import { dateOf } from '../temporal/timestamp';
import { readWorkflowTaskFailure } from '../temporal/tasks/workflow-task-failure';

const { WorkflowExecutionStatus } = temporal.api.enums.v1;

/** Visibility lags behind a task's end: each check looks a minute further back than the last one reached. */
const LOOK_BACK_MS = 60_000;
/** The most ended tasks one check reads; the rest are found by the next checks. */
const MAX_ENDED_PER_CHECK = 1000;
/** How long a receiver may take to answer one delivery. */
const DELIVERY_TIMEOUT_MS = 10_000;

export interface AlertDeps {
  client: Client;
  settings: AlertSettings;
  /** The most running tasks one check describes to find stuck ones (CONVEYOR_LIST_MAX_DESCRIBES). */
  maxDescribes: number;
}

/** The activities of Conveyor's alerts, which every worker registers (they do nothing unless alerts are configured). */
export function createAlertActivities(deps: AlertDeps) {
  return {
    /**
     * One check: the tasks that failed or timed out since the last one, the tasks stuck longer than
     * CONVEYOR_ALERT_STUCK_AFTER, and schedules whose missed runs went up; a delivery workflow
     * started for each (its id is the alert's, so an alert found twice is delivered once).
     */
    async conveyorFindAlerts(state: AlerterState): Promise<AlertCheck> {
      const { settings } = deps;
      const now = new Date();
      const wanted = new Set<AlertEvent>(settings.events);
      const alerts: Alert[] = [];
      if (wanted.has('task_failed') || wanted.has('task_timed_out')) alerts.push(...(await endedTaskAlerts(deps, new Date(Date.parse(state.cursor) - LOOK_BACK_MS), wanted)));
      if (wanted.has('task_stuck')) alerts.push(...(await stuckTaskAlerts(deps, now)));
      const schedules = wanted.has('schedule_missed') ? await scheduleAlerts(deps, state, alerts) : state.schedules;
      const queue = Context.current().info.taskQueue;
      let started = 0;
      for (const alert of alerts) if (await startDelivery(deps.client, alert, queue)) started += 1;
      return { state: { ...state, cursor: now.toISOString(), schedules }, nextCheckMs: settings.checkIntervalMs, started };
    },

    /**
     * Sends one alert: a JSON POST to CONVEYOR_ALERT_WEBHOOK_URL, signed when a secret is set. A 2xx
     * delivers it; a 4xx other than 408 and 429 fails it for good (`AlertRefused`); anything else
     * (5xx, no answer) fails this attempt, which Temporal retries with back-off.
     */
    async conveyorDeliverAlert(alert: Alert): Promise<AlertDelivered> {
      const { settings, client } = deps;
      if (!settings.webhookUrl) throw ApplicationFailure.nonRetryable('this worker has no CONVEYOR_ALERT_WEBHOOK_URL: set it on every worker of the alerts queue', 'AlertNotConfigured');
      const body = JSON.stringify(await alertBody(client, alert));
      const timestamp = Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'conveyor-alerts', 'x-conveyor-event': alert.event, 'x-conveyor-delivery': alert.id };
      if (settings.webhookSecret) headers['x-conveyor-signature'] = `t=${timestamp},sha256=${createHmac('sha256', settings.webhookSecret).update(`${timestamp}.${body}`).digest('hex')}`;
      let status: number;
      try {
        const answer = await fetch(settings.webhookUrl, { method: 'POST', headers, body, signal: AbortSignal.any([AbortSignal.timeout(DELIVERY_TIMEOUT_MS), Context.current().cancellationSignal]) });
        status = answer.status;
        await answer.body?.cancel();
      } catch (error) {
        // Never the URL itself in the failure (it is recorded in Temporal): it often holds a token.
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
        throw new Error(`the webhook could not be reached (${cause})`);
      }
      if (status >= 200 && status < 300) return { attempts: Context.current().info.attempt, status, deliveredAt: new Date().toISOString() };
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) throw ApplicationFailure.nonRetryable(`the webhook refused the alert (${status})`, 'AlertRefused');
      throw new Error(`the webhook answered ${status}`);
    },
  };
}

async function endedTaskAlerts({ client, settings }: AlertDeps, since: Date, wanted: Set<AlertEvent>): Promise<Alert[]> {
  const statuses = [...(wanted.has('task_failed') ? (['failed'] as const) : []), ...(wanted.has('task_timed_out') ? (['timed_out'] as const) : [])];
  const query = visibilityQuery({ statuses, taskNames: settings.taskNames, closedAfter: since });
  const alerts: Alert[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.listWorkflowExecutions({ namespace: client.options.namespace, query, pageSize: 500, nextPageToken });
    for (const row of page.executions ?? []) {
      const timedOut = row.status === WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT;
      alerts.push(taskAlert(client, row, timedOut ? 'task_timed_out' : 'task_failed', dateOf(row.closeTime)?.toISOString() ?? null));
    }
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken && alerts.length < MAX_ENDED_PER_CHECK);
  return alerts;
}

async function stuckTaskAlerts({ client, settings, maxDescribes }: AlertDeps, now: Date): Promise<Alert[]> {
  const { stuck } = await findStuckTasks(client, { taskNames: settings.taskNames }, maxDescribes);
  return stuck
    .filter(({ failure }) => failure.failed_at && now.getTime() - Date.parse(failure.failed_at) >= settings.stuckAfterMs)
    .map(({ row, failure }) => taskAlert(client, row, 'task_stuck', failure.failed_at));
}

/** Adds an alert for each Conveyor schedule whose missed runs went up since the last check; answers the new counts. */
async function scheduleAlerts({ client, settings }: AlertDeps, state: AlerterState, alerts: Alert[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for await (const summary of client.schedule.list({ query: scheduleListQuery({}) })) {
    const description = await client.schedule.getHandle(summary.scheduleId).describe();
    const taskName = description.action.type === 'startWorkflow' ? description.action.workflowType : undefined;
    if (settings.taskNames.length > 0 && (taskName === undefined || !settings.taskNames.includes(taskName))) continue;
    const missed = { catchupWindow: description.info.numActionsMissedCatchupWindow, overlap: description.info.numActionsSkippedOverlap };
    const total = missed.catchupWindow + missed.overlap;
    counts[summary.scheduleId] = total;
    // A schedule from before alerts began, seen for the first time, sets its baseline: what it missed then is not news.
    const before = state.schedules[summary.scheduleId] ?? (description.info.createdAt.getTime() >= Date.parse(state.startedAt) ? 0 : undefined);
    if (before === undefined || total <= before) continue;
    alerts.push({ id: `conveyor-alert-schedule_missed-${summary.scheduleId}-${total}`, event: 'schedule_missed', scheduleId: summary.scheduleId, taskName, missed, at: new Date().toISOString() });
  }
  return counts;
}

function taskAlert(client: Client, row: temporal.api.workflow.v1.IWorkflowExecutionInfo, event: AlertEvent, at: string | null): Alert {
  const taskId = row.execution?.workflowId ?? '';
  const runId = row.execution?.runId ?? '';
  return { id: `conveyor-alert-${event}-${taskId}-${runId}`, event, taskId, runId, taskName: taskNameOfRow(client, row), at };
}

/** Starts an alert's delivery unless it was started before (its id is the alert's); true when started now. */
async function startDelivery(client: Client, alert: Alert, queue: string): Promise<boolean> {
  try {
    await client.workflow.start(ALERT_DELIVERY_WORKFLOW_TYPE, {
      workflowId: alert.id,
      taskQueue: queue,
      args: [alert],
      // Delivered or given up on, an alert is not sent again.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      memo: { [ALERT_MEMO]: { event: alert.event, taskId: alert.taskId ?? null, taskName: alert.taskName ?? null, scheduleId: alert.scheduleId ?? null } },
    });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}

/** The JSON body a receiver gets: what happened, to which task or schedule, and the failure. */
async function alertBody(client: Client, alert: Alert) {
  const base = { event: alert.event, alert_id: alert.id, at: alert.at, task_id: alert.taskId ?? null, task_name: alert.taskName ?? null, run_id: alert.runId ?? null };
  if (alert.event === 'schedule_missed') return { ...base, schedule_id: alert.scheduleId ?? null, missed: { catchup_window: alert.missed?.catchupWindow ?? 0, overlap: alert.missed?.overlap ?? 0 } };
  if (alert.event === 'task_stuck') {
    const execution = { workflowId: alert.taskId ?? '', runId: alert.runId ?? '' };
    const raw = await client.workflowService.describeWorkflowExecution({ namespace: client.options.namespace, execution });
    const failing = await readWorkflowTaskFailure(client, { ...execution, raw });
    return { ...base, failure: failing ? { type: failing.failure.type, message: failing.failure.message, cause: failing.cause } : null };
  }
  const outcome = await endedOutcome(client.workflow.getHandle(alert.taskId ?? '', alert.runId));
  return { ...base, failure: outcome.failure ? { type: outcome.failure.type, message: outcome.failure.message, causes: outcome.failure.causes } : null };
}
