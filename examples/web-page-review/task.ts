import { decisionPayloadWithSummary, decisionQuery, defineTask } from 'conveyor';
import { DEFAULT_QUEUE } from '../queues';
import { webPageReviewInput, webPageReviewResult } from './schema';
import { webPageReview } from './workflow';

export const webPageReviewTask = defineTask({
  name: 'web_page_review',
  queue: DEFAULT_QUEUE,
  description:
    'Reviews a web page: fetches its readable text, then an LLM (the offline provider unless CONVEYOR_LLM_* configures one) drafts a summary, entities and a classification, and a reviewer approves (optionally with an edited summary) or rejects the draft: POST /tasks/{id}/review or `conveyor review <id> --approve|--reject`. While waiting, the task is in stage awaiting_review with the draft in its progress. With no decision by review_timeout, on_review_timeout decides: approve automatically (the default), reject, or fail the task.',
  input: webPageReviewInput,
  workflow: webPageReview,
  result: webPageReviewResult,
  // A reserved name (RFC 2606): the docs' example, and the API fuzzer's, reach no real site.
  example: { url: 'https://news.example/articles/ada-lovelace', max_entities: 10, review_timeout: 600 },
  review: decisionPayloadWithSummary,
  queries: [decisionQuery.name],
  // Room above the longest review wait (7 days) for fetching, the LLM calls and their retries.
  executionTimeout: '8 days',
});
