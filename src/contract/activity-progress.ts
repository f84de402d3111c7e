import type { Progress } from './progress';

/**
 * What Conveyor's activity helpers put in a heartbeat: the progress the API shows for the task,
 * and a checkpoint a retried attempt resumes from. Heartbeats cost no history events, and Temporal
 * keeps the latest details on the pending activity, where the API reads them.
 */
export interface ProgressHeartbeat {
  conveyor_progress: Progress;
  checkpoint?: unknown;
}

/** The progress in an activity's heartbeat details, if Conveyor's helper put one there. */
export function progressInHeartbeat(details: unknown): Progress | undefined {
  if (typeof details !== 'object' || details === null || !('conveyor_progress' in details)) return undefined;
  const progress = (details as { conveyor_progress: unknown }).conveyor_progress;
  if (typeof progress !== 'object' || progress === null) return undefined;
  const { percent, stage, message } = progress as Partial<Progress>;
  if (typeof percent !== 'number' || typeof stage !== 'string') return undefined;
  return typeof message === 'string' ? { percent, stage, message } : { percent, stage };
}
