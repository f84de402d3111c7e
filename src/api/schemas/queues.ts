import { z } from 'zod';
import { FAIRNESS_WEIGHT_MAX, FAIRNESS_WEIGHT_MIN } from '../../tasks/fairness-weight';
import { FAIRNESS_KEY_MAX_BYTES } from '../../tasks/flow-keys';

const appliedLimit = z
  .object({
    per_second: z.number(),
    reason: z.string().nullable(),
    updated_by: z.string().nullable().describe('The identity that set it last: a Conveyor worker, an admin through the API, or someone with the `temporal` CLI'),
    updated_at: z.string().nullable(),
  })
  .nullable();

const limit = (what: string) =>
  z.object({
    declared: z.number().nullable().describe(`What the queue's task types declare (${what}); null when none does`),
    applied: appliedLimit.describe("What Temporal's task-queue configuration holds; null when it has no limit"),
  });

const backlogStats = z.object({
  count: z.number().describe('Tasks waiting for a worker (approximate)'),
  age_seconds: z.number().describe('How long the oldest has waited'),
  add_rate: z.number().describe('Tasks added per second, lately'),
  dispatch_rate: z.number().describe('Tasks handed to workers per second, lately'),
});

/** One queue's flow control: limits declared and applied, weights, backlog. */
export const queueView = z.object({
  queue: z.string(),
  task_types: z.array(z.string()).describe('The task types whose default queue it is'),
  rate_limit: limit('`rateLimit`: activities per second on the queue'),
  key_rate_limit: limit('`keyRateLimit`: activities per second per fairness key, scaled by its weight'),
  fairness_weights: z.object({
    declared: z.record(z.string(), z.number()).describe('CONVEYOR_FAIRNESS_WEIGHTS'),
    applied: z.record(z.string(), z.number()).describe("The weight overrides Temporal's task-queue configuration holds"),
  }),
  drift: z
    .array(z.enum(['rate_limit', 'key_rate_limit', 'fairness_weights']))
    .describe('What Temporal holds differently from what Conveyor declares: changed by hand (the `temporal` CLI, an admin through PATCH /queues/{queue}) since a worker applied it'),
  changed_by: z.literal('admin').describe('Who may change these limits through PATCH /queues/{queue}'),
  backlog: z.object({
    workflow: backlogStats,
    activity: backlogStats,
    by_key: z.array(z.object({ fairness_key: z.string(), queued: z.number() })).describe('Queued tasks (no worker has taken them yet) per fairness key, most first'),
    by_key_partial: z.boolean().describe('True when more tasks were queued than were counted per key (the first 1,000)'),
  }),
});

/** GET /queues. */
export const queuesAnswer = z.object({ queues: z.array(queueView) });

/** A rate Temporal can hold (a 32-bit float): above 0, at most a million a second. */
const perSecond = z.number().positive().max(1_000_000);

/** PATCH /queues/{queue}: what an admin changes; `null` lifts a limit or a weight. */
export const queuePatch = z
  .object({
    rate_limit: perSecond.nullable().optional().describe('Activities per second on the queue; null lifts it'),
    key_rate_limit: perSecond.nullable().optional().describe('Activities per second per fairness key; null lifts it'),
    fairness_weights: z
      .record(
        z.string().min(1).refine((key) => Buffer.byteLength(key) <= FAIRNESS_KEY_MAX_BYTES, `must be at most ${FAIRNESS_KEY_MAX_BYTES} bytes`),
        z.number().min(FAIRNESS_WEIGHT_MIN).max(FAIRNESS_WEIGHT_MAX).nullable(),
      )
      .optional()
      .describe('Weight per fairness key (0.001 to 1000, 1 by default); null puts a key back to its default'),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'must change rate_limit, key_rate_limit or fairness_weights');
