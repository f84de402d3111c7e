import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import { awaitDecision, setProgress, type OnReviewTimeout } from 'conveyor/workflow';
import { FailureType } from '../failure-types';
import type * as fetchActivities from '../lib/web-fetch/activities';
import type * as reviewActivities from './activities';
import { failedStep } from './failed-step';
import type { WebPageReviewParams, WebPageReviewResult } from './schema';

const { fetchReadablePage } = proxyActivities<typeof fetchActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumAttempts: 3 },
});

// Rate limits and server errors are retried here, by Temporal: a 429's Retry-After comes as the
// failure's nextRetryDelay and replaces this backoff for that attempt. Auth errors are not retried.
const { summarizePage, extractPageEntities, classifyPage } = proxyActivities<typeof reviewActivities>({
  startToCloseTimeout: '3 minutes',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});

/**
 * Reviews a web page: fetches its readable text, asks the LLM provider for a summary, entities
 * and a classification in parallel, then waits for a reviewer to approve (possibly with an edited
 * summary) or reject the draft; with no decision by `review_timeout`, `on_review_timeout` decides
 * (approve, reject, or fail the task).
 */
export async function webPageReview(params: WebPageReviewParams): Promise<WebPageReviewResult> {
  setProgress({ percent: 0, stage: 'fetching', message: params.url });
  const page = await fetchReadablePage({ url: params.url }).catch((error: unknown) => failedStep('fetching the page', error));
  // Nothing to read is nothing to send to an LLM.
  if (page.text.trim() === '') throw ApplicationFailure.create({ type: FailureType.NoReadableText, message: `${page.url} has no readable text`, nonRetryable: true });

  setProgress({ percent: 30, stage: 'analysing', message: 'summary, entities and classification' });
  const text = { title: page.title, text: page.text };
  const [summary, entities, classification] = await Promise.all([
    summarizePage(text),
    extractPageEntities({ ...text, max: params.max_entities }),
    classifyPage(text),
  ]).catch((error: unknown) => failedStep('analysing the page', error));

  const draft = {
    url: page.url,
    title: page.title,
    summary: summary.text,
    entities: entities.items,
    classification: { category: classification.category, confidence: classification.confidence },
    provider: summary.provider,
    model: summary.model,
  };
  // Tasks submitted before the policy was a parameter carry none: they keep the auto-approval they started with.
  const onTimeout: OnReviewTimeout = (params as { on_review_timeout?: OnReviewTimeout }).on_review_timeout ?? 'approve';
  const review = await awaitDecision({ subject: `review of ${page.title || page.url}`, timeoutMs: params.review_timeout * 1000, onTimeout, percent: 90, draft });

  const why = review.decided_by === 'timeout' ? `nobody reviewed it: ${review.approved ? 'approved' : 'rejected'} automatically` : `decided by ${review.reviewer}`;
  setProgress({ percent: 100, stage: review.approved ? 'approved' : 'rejected', message: why });
  return {
    url: page.url,
    title: page.title,
    text_truncated: page.truncated,
    summary: review.summary === undefined ? summary : { ...summary, text: review.summary, edited_by: review.reviewer },
    entities,
    classification,
    review,
  };
}
