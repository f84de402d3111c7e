import { condition, log, setHandler } from '@temporalio/workflow';
import { decisionQuery, decisionSignal, type Decision, type DecisionOutcome, type DecisionState } from './decision';
import { setProgress } from './progress';

/** What a workflow waits for a decision on, and for how long. */
export interface DecisionRequest {
  /** What is being decided, as the `decision` query shows it. */
  subject: string;
  /** How long to wait for a reviewer, in milliseconds. */
  timeoutMs: number;
  /** The outcome when the deadline passes without a decision. */
  onTimeout: 'approve' | 'reject';
  /** The progress percent shown while waiting (how far the task had come before review). */
  percent?: number;
  /**
   * What the reviewer decides on (a draft to approve, reject or edit): the `decision` query and the
   * progress show it while waiting, so the API's task view and event stream carry it.
   */
  draft?: unknown;
}

/**
 * Waits for the first `decision` signal or the deadline, whichever comes first, while the
 * `decision` query answers the pending state (and, after, the outcome). Progress shows the
 * `awaiting_review` stage meanwhile. The first decision wins: a later signal stays in the history
 * but changes nothing, so a second reviewer cannot overturn a decision once made, nor a late one
 * the deadline's.
 */
export async function awaitDecision(request: DecisionRequest): Promise<DecisionOutcome> {
  const deadline = new Date(Date.now() + request.timeoutMs).toISOString(); // workflow time: deterministic on replay
  let outcome: DecisionOutcome | undefined;

  setHandler(decisionSignal, (decision) => {
    if (outcome) return;
    // Signals sent straight to Temporal skip the API's schema check; a gate must not open on `"approved": "no"`.
    if (!isDecision(decision)) {
      log.warn('ignored a decision signal without a boolean "approved" and a reviewer (or with an empty summary)', { decision });
      return;
    }
    outcome = { approved: decision.approved, decided_by: 'reviewer', reviewer: decision.reviewer, comment: decision.comment };
    // An edited summary comes with an approval only: a rejection has nothing to publish.
    if (decision.summary !== undefined && decision.approved) outcome.summary = decision.summary;
  });
  setHandler(decisionQuery, () => ({ ...stateOf(request.subject, deadline, outcome), ...draftOf(request) }));
  setProgress({ percent: request.percent ?? 0, stage: 'awaiting_review', message: `decision due by ${deadline}`, ...draftOf(request) });

  await condition(() => outcome !== undefined, request.timeoutMs);
  outcome ??= { approved: request.onTimeout === 'approve', decided_by: 'timeout' };
  return outcome;
}

function stateOf(subject: string, deadline: string, outcome: DecisionOutcome | undefined): DecisionState {
  if (!outcome) return { state: 'pending', subject, deadline };
  const { approved, ...settled } = outcome;
  return { state: approved ? 'approved' : 'rejected', subject, deadline, ...settled };
}

/** The draft, as a field to spread: absent when the task gives none (example_approval's answers stay as they were). */
function draftOf(request: DecisionRequest): { draft?: unknown } {
  return request.draft === undefined ? {} : { draft: request.draft };
}

function isDecision(payload: unknown): payload is Decision {
  const candidate = payload as Partial<Decision> | null | undefined;
  const summaryOk = candidate?.summary === undefined || (typeof candidate.summary === 'string' && candidate.summary.trim() !== '');
  return typeof candidate?.approved === 'boolean' && typeof candidate.reviewer === 'string' && candidate.reviewer !== '' && summaryOk;
}
