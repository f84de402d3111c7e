import { Context, log } from '@temporalio/activity';
import { heartbeatProgress, lastCheckpoint } from 'conveyor';
import type { LongRunningParams } from './schema';

/** What the activity checkpoints in its heartbeats, so a retry resumes instead of starting over. */
interface Checkpoint {
  doneMs: number;
}

/** Heartbeat at least this often; the workflow's heartbeat timeout is a few times longer. */
const TICK_MS = 1000;

/**
 * Works for `duration` seconds, heartbeating every second with its progress (which the API shows
 * for the task) and a checkpoint; a retried attempt resumes from the last checkpoint.
 */
export async function longRunningWork(params: LongRunningParams): Promise<{ worked_ms: number }> {
  const ctx = Context.current();
  const totalMs = Math.round(params.duration * 1000);
  const resumed = lastCheckpoint<Checkpoint>();
  let doneMs = Math.min(resumed?.doneMs ?? 0, totalMs);
  if (resumed) log.info('resuming long-running work from its last heartbeat', { doneMs });
  else log.info('long-running work starting', { total_ms: totalMs });

  while (doneMs < totalMs) {
    const stepMs = Math.min(TICK_MS, totalMs - doneMs);
    await ctx.sleep(stepMs); // rejects with CancelledFailure when the task is cancelled
    doneMs += stepMs;
    heartbeatProgress(
      {
        percent: (doneMs / Math.max(totalMs, 1)) * 100,
        stage: 'working',
        message: `${Math.round(doneMs / 1000)}s of ${params.duration}s: ${params.message}`,
      },
      { doneMs } satisfies Checkpoint,
    );
  }
  return { worked_ms: doneMs };
}
