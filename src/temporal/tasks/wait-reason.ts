import type { WorkflowExecutionDescription } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { WAIT_REASON_MEMO, type WaitReason } from '../../contract/flow-control';
import type { TaskStatus } from '../../tasks/status';

const WAIT_REASONS: readonly WaitReason[] = ['waiting_for_slot', 'rate_limited', 'debouncing'];

/**
 * Why a task that is under way is not doing its work, or null:
 *  - what its workflow says while it waits (`waiting_for_slot`, in its memo);
 *  - `rate_limited`: its type declares a rate limit and an activity of it is scheduled, not yet
 *    started. Temporal does not say why an activity waits; under a declared limit a backlog is
 *    the limit's doing unless the workers are all busy, which the queue's own figures tell
 *    (GET /queues).
 */
export function waitReasonOf(description: Pick<WorkflowExecutionDescription, 'memo' | 'raw'>, status: TaskStatus, declaresRateLimit: boolean): WaitReason | null {
  if (status !== 'running' && status !== 'queued') return null;
  const said = (description.memo ?? {})[WAIT_REASON_MEMO];
  if (typeof said === 'string' && (WAIT_REASONS as readonly string[]).includes(said)) return said as WaitReason;
  const scheduled = (description.raw.pendingActivities ?? []).some(
    (activity) => activity.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED,
  );
  return declaresRateLimit && scheduled ? 'rate_limited' : null;
}
