import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Caller } from '../caller';
import { TaskNotRetryable } from '../store-errors';
import type { LoadedTask } from './load-task';
import { resetPointOf, type ResetPoint } from './reset-point';
import { statusOf } from './task-view';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Events read per history page while looking for the first failure. */
const PAGE_SIZE = 1000;

/** What a reset did: the run it started, from which run and event, and why (as Temporal recorded it). */
export interface TaskReset {
  taskId: string;
  /** The new run: the task's latest from now on, with the same task id. */
  runId: string;
  resetFrom: { runId: string; eventId: number; failedEventId: number; failedEventType: string };
  reason: string;
}

/**
 * Resets a failed or stuck task (`loaded` for writing) to the workflow task before its first
 * failure ({@link resetPointOf}) with Temporal's ResetWorkflowExecution: a new run of the same
 * task id replays the recorded history up to there, keeping the results of the steps that
 * completed, and runs the failed step again on whatever code the workers run now. Temporal keeps
 * the old run and its history, and links it to the new run; a stuck run is terminated by the reset.
 * The reason Temporal records names the caller. A task that neither failed nor is stuck is
 * {@link TaskNotRetryable}.
 */
export async function resetTask(client: Client, loaded: LoadedTask, caller: Caller, reason?: string): Promise<TaskReset> {
  const { description, taskId } = loaded;
  const status = statusOf(description);
  const stuck = status === 'running' && (description.raw.pendingWorkflowTask?.attempt ?? 1) > 1;
  if (status !== 'failed' && !stuck) throw new TaskNotRetryable(taskId, status, 'only a failed task, or one whose workflow task keeps failing, can be reset');
  const runId = description.runId;
  const point = await firstResetPoint(client, taskId, runId);
  if (!point) throw new TaskNotRetryable(taskId, status, 'its history records no failure to go back before');
  const recorded = `reset by ${caller.name}${reason ? `: ${reason}` : ''}`;
  // fromObject takes the event id as a number (the request's int64 is a Long).
  const request = temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest.fromObject({
    namespace: client.options.namespace,
    workflowExecution: { workflowId: taskId, runId },
    workflowTaskFinishEventId: point.eventId,
    reason: recorded,
    // One reset per run and point: a repeat of the same request names the same reset.
    requestId: resetRequestId(runId, point),
    identity: `conveyor-api (${caller.name})`,
  });
  const answer = await client.workflowService.resetWorkflowExecution(request);
  return { taskId, runId: answer.runId ?? '', resetFrom: { runId, ...point }, reason: recorded };
}

function resetRequestId(runId: string, point: ResetPoint): string {
  return createHash('sha256').update(`reset\0${runId}\0${point.eventId}`).digest('hex').slice(0, 32);
}

/** The run's reset point, reading its history from the start only as far as its first failure. */
async function firstResetPoint(client: Client, workflowId: string, runId: string): Promise<ResetPoint | undefined> {
  const events: HistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId, runId },
      maximumPageSize: PAGE_SIZE,
      nextPageToken,
    });
    events.push(...(page.history?.events ?? []));
    const point = resetPointOf(events);
    if (point) return point;
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return undefined;
}
