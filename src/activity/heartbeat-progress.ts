import { Context } from '@temporalio/activity';
import type { ProgressHeartbeat } from '../contract/activity-progress';
import { clampPercent, type Progress } from '../contract/progress';

/**
 * Heartbeats the running activity with its progress, which the API shows as the task's (it
 * reads the latest heartbeat of the task's pending activities), and optionally a checkpoint that
 * a retried attempt resumes from ({@link lastCheckpoint}). Heartbeats cost no history events;
 * the worker sends the latest one at most every couple of seconds.
 */
export function heartbeatProgress(progress: Progress, checkpoint?: unknown): void {
  const details: ProgressHeartbeat = { conveyor_progress: { ...progress, percent: clampPercent(progress.percent) } };
  if (checkpoint !== undefined) details.checkpoint = checkpoint;
  Context.current().heartbeat(details);
}

/** The checkpoint the previous attempt's last heartbeat carried, when this attempt is a retry. */
export function lastCheckpoint<T>(): T | undefined {
  const details = Context.current().info.heartbeatDetails as Partial<ProgressHeartbeat> | undefined;
  return details?.checkpoint as T | undefined;
}
