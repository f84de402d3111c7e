import type { ReviewAnswer } from '../../src/client/answers';
import type { ReviewDecision } from '../../src/client/create-client';
import type { HttpClient } from '../../src/client/http';
import { taskPath } from '../../src/client/http';

export type { ReviewDecision };

/** The stage a task with a review step waits in (awaitDecision's), and the signal that answers it. */
export const REVIEW_STAGE = 'awaiting_review';
export const DECISION_SIGNAL = 'decision';

/**
 * Sends a review decision through `POST /tasks/{id}/review`, which checks it against the task
 * type's decision payload (an edited summary only where it takes one) and signals the task.
 * Without a `reviewer` the API records the signed-in caller.
 */
export async function sendReviewDecision(api: HttpClient, taskId: string, review: ReviewDecision): Promise<ReviewAnswer> {
  return (await api.request<ReviewAnswer>('POST', taskPath(taskId, '/review'), { body: review })).body;
}

/** The summary a task's draft offers for editing (web_page_review's), when it has one. */
export function draftSummary(draft: unknown): string | undefined {
  if (typeof draft !== 'object' || draft === null || !('summary' in draft)) return undefined;
  return typeof draft.summary === 'string' ? draft.summary : undefined;
}
