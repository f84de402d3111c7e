import { Context, log } from '@temporalio/activity';
import type { LongRunningParams } from '../tasks/examples/long-running.schema';
import type { ActivityDeps } from './deps';

/** What the activity checkpoints in its heartbeats, so a retry resumes instead of starting over. */
interface Checkpoint {
  doneMs: number;
}

/** Heartbeat at least this often; the workflow's heartbeat timeout is a few times longer. */
const TICK_MS = 1000;
/** At most about this many progress reports per run, however long it is. */
const MAX_PROGRESS_REPORTS = 100;

export function createLongRunningWork(deps: ActivityDeps) {
  /** Works for `duration` seconds, heartbeating every second and reporting progress to its workflow. */
  return async function longRunningWork(params: LongRunningParams): Promise<{ worked_ms: number }> {
    const ctx = Context.current();
    const totalMs = Math.round(params.duration * 1000);
    const reportEveryMs = Math.max(TICK_MS, totalMs / MAX_PROGRESS_REPORTS);
    const resumed = ctx.info.heartbeatDetails as Checkpoint | undefined;
    let doneMs = Math.min(resumed?.doneMs ?? 0, totalMs);
    let reportedAtMs = -Infinity;
    if (resumed) log.info('resuming long-running work from its last heartbeat', { doneMs });

    while (doneMs < totalMs) {
      const stepMs = Math.min(TICK_MS, totalMs - doneMs);
      await ctx.sleep(stepMs); // rejects with CancelledFailure when the task is cancelled
      doneMs += stepMs;
      ctx.heartbeat({ doneMs } satisfies Checkpoint);
      if (doneMs - reportedAtMs >= reportEveryMs || doneMs >= totalMs) {
        reportedAtMs = doneMs;
        await report(deps, ctx, {
          percent: (doneMs / Math.max(totalMs, 1)) * 100,
          stage: 'working',
          message: `${Math.round(doneMs / 1000)}s of ${params.duration}s: ${params.message}`,
        });
      }
    }
    return { worked_ms: doneMs };
  };
}

/** Progress is best effort: a lost report must never fail the work itself. */
async function report(deps: ActivityDeps, ctx: Context, progress: Parameters<ActivityDeps['reportProgress']>[1]) {
  const workflow = ctx.info.workflowExecution;
  if (!workflow) return; // a standalone activity has no workflow to tell
  try {
    await deps.reportProgress(workflow, progress);
  } catch (error) {
    log.warn('could not report progress', { error: String(error) });
  }
}
