import { ActivityCancellationType, log, proxyActivities } from '@temporalio/workflow';
import { setProgress } from 'conveyor/workflow';
import type * as activities from './activities';
import type { LongRunningParams, LongRunningResult } from './schema';

/** Runs `duration` seconds of work in one heartbeating activity and echoes the message. */
export async function exampleLongRunning(params: LongRunningParams): Promise<LongRunningResult> {
  setProgress({ percent: 0, stage: 'starting', message: params.message });
  const { longRunningWork } = proxyActivities<typeof activities>({
    // Room for the work itself plus a slow start; retries after a crash resume from the last heartbeat.
    startToCloseTimeout: params.duration * 1000 + 60_000,
    // A worker that dies is noticed within this long, and the work moves to another worker.
    heartbeatTimeout: '10s',
    retry: { initialInterval: '1s', maximumInterval: '30s' },
    // A cancelled task ends once its work has stopped (the activity learns it at a heartbeat),
    // not while the work still runs: "cancelled" means nothing is running any more.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });

  const startedAt = Date.now(); // workflow time: deterministic on replay
  await longRunningWork(params);
  const actualSeconds = (Date.now() - startedAt) / 1000;
  // The worker adds the task id and name to every entry (and drops it while replaying).
  log.info('long-running work done', { actual_seconds: actualSeconds });

  setProgress({ percent: 100, stage: 'completed', message: params.message });
  return {
    message: params.message,
    requested_duration: params.duration,
    actual_duration: Math.round(actualSeconds * 100) / 100,
  };
}
