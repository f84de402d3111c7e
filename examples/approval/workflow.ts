import { awaitDecision, setProgress } from 'conveyor/workflow';
import type { ApprovalParams, ApprovalResult } from './schema';

/** A human approval gate: waits for a reviewer's decision (the `decision` update), or decides `on_timeout` at the deadline. */
export async function exampleApproval(params: ApprovalParams): Promise<ApprovalResult> {
  setProgress({ percent: 0, stage: 'starting' });
  const outcome = await awaitDecision({ subject: params.subject, timeoutMs: params.timeout * 1000, onTimeout: params.on_timeout });
  const why = outcome.decided_by === 'timeout' ? `no decision by the deadline; on_timeout is ${params.on_timeout}` : `decided by ${outcome.reviewer}`;
  setProgress({ percent: 100, stage: outcome.approved ? 'approved' : 'rejected', message: why });
  return outcome;
}
