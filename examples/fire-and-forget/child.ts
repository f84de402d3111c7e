import { sleep, workflowInfo } from '@temporalio/workflow';
import { setProgress } from 'conveyor/workflow';
import type { FireAndForgetChildResult, FireAndForgetParams } from './schema';

/** fire_and_forget's child, a workflow type of its own: runs `seconds` on a durable timer, long after its parent completed. */
export async function fireAndForgetChild({ seconds }: FireAndForgetParams): Promise<FireAndForgetChildResult> {
  setProgress({ percent: 0, stage: 'running', message: `for ${seconds} s` });
  await sleep(seconds * 1000);
  setProgress({ percent: 100, stage: 'completed' });
  return { seconds, parent_id: workflowInfo().parent?.workflowId ?? null };
}
