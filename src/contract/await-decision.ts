import { ApplicationFailure, condition, log, patched, setHandler } from '@temporalio/workflow';
import {
  ALREADY_DECIDED,
  decisionQuery,
  decisionSignal,
  decisionUpdate,
  INVALID_DECISION,
  REVIEW_TIMED_OUT,
  type Decision,
  type DecisionOutcome,
  type DecisionState,
  type OnReviewTimeout,
} from './decision';
import { setProgress } from './progress';

/**
 * The patch that made the decision a Workflow Update: tasks that started waiting before it replay
 * the signal they were started with; every new one takes the update only.
 */
export const DECISION_UPDATE_PATCH = 'conveyor-decision-update';

/** What a workflow waits for a decision on, and for how long. */
export interface DecisionRequest {
  /** What is being decided, as the `decision` query shows it. */
  subject: string;
  /** How long to wait for a reviewer, in milliseconds. */
  timeoutMs: number;
  /**
   * What happens when the deadline passes without a decision: `approve` or `reject` return that
   * outcome (`decided_by: "timeout"`); `fail` fails the task with a non-retryable `ReviewTimedOut`.
   */
  onTimeout: OnReviewTimeout;
  /** The progress percent shown while waiting (how far the task had come before review). */
  percent?: number;
  /**
   * What the reviewer decides on (a draft to approve, reject or edit): the `decision` query and the
   * progress show it while waiting, so the API's task view and event stream carry it.
   */
  draft?: unknown;
}

/**
 * Waits for the first accepted `decision` update or the deadline, whichever comes first, while the
 * `decision` query answers the pending state (and, after, the outcome). Progress shows the
 * `awaiting_review` stage, the deadline and the timeout policy meanwhile. The first decision wins:
 * the update's validator refuses any later one (naming what decided), and an update sent before
 * this step registers its handler is refused by the SDK at the end of that activation, so nobody
 * approves a draft that does not exist yet.
 */
export async function awaitDecision(request: DecisionRequest): Promise<DecisionOutcome> {
  const deadline = new Date(Date.now() + request.timeoutMs).toISOString(); // workflow time: deterministic on replay
  let outcome: DecisionOutcome | undefined;
  let timedOut = false;

  if (patched(DECISION_UPDATE_PATCH)) {
    setHandler(
      decisionUpdate,
      (decision) => {
        outcome = outcomeOf(decision);
        return outcome;
      },
      {
        validator: (decision) => {
          if (outcome || timedOut) throw ApplicationFailure.nonRetryable(`already ${describeSettled(outcome)}`, ALREADY_DECIDED);
          // Updates sent straight to Temporal skip the API's schema check; a gate must not open on `"approved": "no"`.
          if (!isDecision(decision)) throw ApplicationFailure.nonRetryable('a decision takes a boolean "approved" and a reviewer (and no empty summary)', INVALID_DECISION);
        },
      },
    );
  } else {
    // Tasks that started waiting before the update existed: their history holds the signal.
    setHandler(decisionSignal, (decision) => {
      if (outcome) return;
      if (!isDecision(decision)) {
        log.warn('ignored a decision signal without a boolean "approved" and a reviewer (or with an empty summary)', { decision });
        return;
      }
      outcome = outcomeOf(decision);
    });
  }
  const policy = { on_timeout: request.onTimeout };
  setHandler(decisionQuery, () => ({ ...stateOf(request.subject, deadline, outcome, timedOut), ...policy, ...draftOf(request) }));
  setProgress({ percent: request.percent ?? 0, stage: 'awaiting_review', message: `decision due by ${deadline}`, deadline, ...policy, ...draftOf(request) });

  await condition(() => outcome !== undefined, request.timeoutMs);
  if (outcome) return outcome;
  if (request.onTimeout === 'fail') {
    timedOut = true;
    throw ApplicationFailure.create({ type: REVIEW_TIMED_OUT, nonRetryable: true, message: `nobody reviewed ${request.subject} by its deadline, ${deadline}` });
  }
  outcome = { approved: request.onTimeout === 'approve', decided_by: 'timeout' };
  return outcome;
}

function outcomeOf(decision: Decision): DecisionOutcome {
  const outcome: DecisionOutcome = { approved: decision.approved, decided_by: 'reviewer', reviewer: decision.reviewer, comment: decision.comment };
  if (decision.on_behalf_of !== undefined) outcome.on_behalf_of = decision.on_behalf_of;
  // An edited summary comes with an approval only: a rejection has nothing to publish.
  if (decision.summary !== undefined && decision.approved) outcome.summary = decision.summary;
  return outcome;
}

function describeSettled(outcome: DecisionOutcome | undefined): string {
  if (!outcome) return 'timed out: nobody decided by the deadline';
  const verdict = outcome.approved ? 'approved' : 'rejected';
  return outcome.decided_by === 'timeout' ? `${verdict} automatically at the deadline` : `${verdict} by ${outcome.reviewer ?? 'a reviewer'}`;
}

function stateOf(subject: string, deadline: string, outcome: DecisionOutcome | undefined, timedOut: boolean): DecisionState {
  if (!outcome) return { state: timedOut ? 'timed_out' : 'pending', subject, deadline };
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
  const onBehalfOk = candidate?.on_behalf_of === undefined || typeof candidate.on_behalf_of === 'string';
  return typeof candidate?.approved === 'boolean' && typeof candidate.reviewer === 'string' && candidate.reviewer !== '' && summaryOk && onBehalfOk;
}
