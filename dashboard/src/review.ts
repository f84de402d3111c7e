import type { HttpClient } from '../../src/client/http';
import { taskPath } from '../../src/client/http';

/** A reviewer's answer to a task waiting in its review stage. */
export interface ReviewDecision {
  decision: 'approve' | 'reject';
  reviewer: string;
  comment?: string;
}

/** The stage a task with a review step waits in (awaitDecision's), and the signal that answers it. */
export const REVIEW_STAGE = 'awaiting_review';
export const DECISION_SIGNAL = 'decision';

/**
 * Sends a review decision. Today through the `decision` signal every task with a review step
 * declares (`POST /tasks/{id}/signals/decision`); the one place to switch to a dedicated review
 * route (`POST /tasks/{id}/review` with `{decision, comment?, reviewer?}`) once the API has it.
 */
export async function sendReviewDecision(api: HttpClient, taskId: string, review: ReviewDecision): Promise<void> {
  await api.request('POST', taskPath(taskId, `/signals/${DECISION_SIGNAL}`), {
    body: { approved: review.decision === 'approve', reviewer: review.reviewer, ...(review.comment ? { comment: review.comment } : {}) },
  });
}
