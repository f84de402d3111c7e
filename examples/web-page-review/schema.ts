import { decisionOutcome, onReviewTimeout } from 'conveyor';
import { z } from 'zod';
import { durationSetting } from '../lib/duration-setting';
import { CATEGORIES, ENTITY_NAME_MAX_CHARS, ENTITY_TYPES } from '../lib/llm/provider';

/** The longest a review may wait: seven days (the task's execution timeout leaves room above it). */
export const MAX_REVIEW_TIMEOUT_SECONDS = 7 * 24 * 60 * 60;
/** The most entities a review may ask for. */
export const MAX_ENTITIES = 50;

/**
 * The review's default wait, in seconds, from `CONVEYOR_REVIEW_TIMEOUT` (default 10m) where the
 * schema is loaded: the API applies it when a task is submitted, so the wait is in the task's
 * parameters and reaches the workflow as input (deterministic on replay, and shown by GET /tasks/{id}).
 */
export function reviewTimeoutDefaultSeconds(env: NodeJS.ProcessEnv): number {
  const seconds = Math.ceil(durationSetting(env, 'CONVEYOR_REVIEW_TIMEOUT', '10m') / 1000);
  if (seconds > MAX_REVIEW_TIMEOUT_SECONDS) throw new Error(`CONVEYOR_REVIEW_TIMEOUT is above the longest review wait, 7 days`);
  return seconds;
}

/** web_page_review's parameters, with the review wait's default from `env`. */
export function webPageReviewInputFrom(env: NodeJS.ProcessEnv) {
  return z
    .object({
      url: z.url({ protocol: /^https?$/ }).max(2000).describe('The page to review (http or https)'),
      max_entities: z.number().int().min(1).max(MAX_ENTITIES).default(10).describe('The most entities to extract'),
      review_timeout: z
        .number()
        .int()
        .min(1)
        .max(MAX_REVIEW_TIMEOUT_SECONDS)
        .default(reviewTimeoutDefaultSeconds(env))
        .describe('Seconds to wait for a reviewer before on_review_timeout decides (default: CONVEYOR_REVIEW_TIMEOUT, 10m)'),
      on_review_timeout: onReviewTimeout
        .default('approve')
        .describe('What happens when nobody reviews the draft by review_timeout: approve it automatically (the default, as before), reject it, or fail the task (ReviewTimedOut)'),
    })
    .strict();
}

export const webPageReviewInput = webPageReviewInputFrom(process.env);

export type WebPageReviewParams = z.output<typeof webPageReviewInput>;

const producedBy = {
  provider: z.string().describe('offline, or openai-compatible'),
  model: z.string(),
};

export const webPageReviewResult = z.object({
  url: z.string().describe('The page reviewed, after redirects'),
  title: z.string(),
  text_truncated: z.boolean().describe('Whether the page text was cut to the text budget before the LLM read it'),
  summary: z.object({
    text: z.string().describe("The approved summary: the reviewer's edit, else the provider's draft"),
    ...producedBy,
    edited_by: z.string().optional().describe('The reviewer who replaced the draft'),
  }),
  entities: z.object({
    items: z.array(z.object({ name: z.string().max(ENTITY_NAME_MAX_CHARS), type: z.enum(ENTITY_TYPES) })).max(MAX_ENTITIES),
    ...producedBy,
  }),
  classification: z.object({ category: z.enum(CATEGORIES), confidence: z.number(), ...producedBy }),
  review: decisionOutcome.describe('How the review ended: a reviewer, or on_review_timeout at the deadline (decided_by: timeout)'),
});

export type WebPageReviewResult = z.input<typeof webPageReviewResult>;
