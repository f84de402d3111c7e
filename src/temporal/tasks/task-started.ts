import type { WorkflowExecutionDescription } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { STARTED_ATTRIBUTE } from '../../contract/search-attributes';

type Described = Pick<WorkflowExecutionDescription, 'typedSearchAttributes' | 'raw'>;

/**
 * True once a worker has taken the task: its first workflow task succeeded (Conveyor's
 * interceptor then marks it started), or a worker holds its workflow task now, or one already
 * tried it and failed (the pending workflow task is a retry). All of it is in the description,
 * so telling `queued` from `running` costs no extra call.
 */
export function workerHasTaken(description: Described): boolean {
  if (description.typedSearchAttributes.get(STARTED_ATTRIBUTE) === true) return true;
  const pending = description.raw.pendingWorkflowTask;
  if (!pending) return false;
  return (pending.attempt ?? 1) > 1 || pending.state === temporal.api.enums.v1.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED;
}
