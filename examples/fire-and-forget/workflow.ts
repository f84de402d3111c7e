import { ChildWorkflowCancellationType, ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { setProgress } from 'conveyor/workflow';
import { fireAndForgetChild } from './child';
import type { FireAndForgetParams, FireAndForgetResult } from './schema';

/**
 * Starts a child and completes at once, returning the child's id. The child outlives this
 * workflow however it ends: ABANDON as its parent-close policy (completing, failing, being
 * terminated leave it running) and as its cancellation type (a cancellation of this workflow is
 * not passed on to it).
 */
export async function fireAndForget(params: FireAndForgetParams): Promise<FireAndForgetResult> {
  setProgress({ percent: 0, stage: 'starting the child' });
  const child = await startChild(fireAndForgetChild, {
    workflowId: `${workflowInfo().workflowId}-child`,
    args: [params],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    cancellationType: ChildWorkflowCancellationType.ABANDON,
  });
  setProgress({ percent: 100, stage: 'completed', message: `child ${child.workflowId} runs on` });
  return { child_id: child.workflowId };
}
