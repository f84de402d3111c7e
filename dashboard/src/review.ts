import type { ReviewAnswer } from '../../src/client/answers';
import type { ReviewDecision } from '../../src/client/create-client';
import type { HttpClient } from '../../src/client/http';
import { taskPath } from '../../src/client/http';
import type { DecisionOutcome, OnReviewTimeout } from '../../src/contract/decision';

export type { ReviewDecision, DecisionOutcome, OnReviewTimeout };

/** The stage a task with a review step waits in (awaitDecision's). */
export const REVIEW_STAGE = 'awaiting_review';

/**
 * Sends a review decision through `POST /tasks/{id}/review`, which checks it against the task
 * type's review schema (an edited summary only where it takes one) and hands it to the task as
 * the `decision` update. The API records the signed-in caller as the reviewer.
 */
export async function sendReviewDecision(api: HttpClient, taskId: string, review: ReviewDecision): Promise<ReviewAnswer> {
  return (await api.request<ReviewAnswer>('POST', taskPath(taskId, '/review'), { body: review })).body;
}

/** The summary a task's draft offers for editing (web_page_review's), when it has one. */
export function draftSummary(draft: unknown): string | undefined {
  if (typeof draft !== 'object' || draft === null || !('summary' in draft)) return undefined;
  return typeof draft.summary === 'string' ? draft.summary : undefined;
}

/** A review step's outcome in a task's result: the result itself (example_approval's), or one of its fields (web_page_review's `review`). */
export function decisionOutcomeIn(result: unknown): DecisionOutcome | undefined {
  if (isDecisionOutcome(result)) return result;
  if (typeof result !== 'object' || result === null) return undefined;
  return Object.values(result).find(isDecisionOutcome);
}

function isDecisionOutcome(value: unknown): value is DecisionOutcome {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<DecisionOutcome>;
  return typeof candidate.approved === 'boolean' && (candidate.decided_by === 'reviewer' || candidate.decided_by === 'timeout');
}
