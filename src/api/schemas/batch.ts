import { z } from 'zod';
import { taskFilterFields } from './task-filter';

/**
 * POST /tasks/batch: a bulk action on every task a list filter matches. `taskNames`, `maxDescribes`:
 * as GET /tasks's filters take them.
 */
export const batchRequest = (taskNames: string[], maxDescribes: number) =>
  z
    .object({
      filter: z.object(taskFilterFields(taskNames, maxDescribes)).strict().describe("GET /tasks's filters; a submitter's are narrowed to its own tasks"),
      action: z
        .enum(['cancel', 'terminate', 'signal', 'rerun'])
        .describe(
          'cancel: ask each task to stop; terminate: end each at once; signal: send each the signal; rerun: a new task for each that ended without a result (same type, parameters, queue and priority; retry_of names the old one; yours)',
        ),
      dry_run: z.boolean().default(false).describe('Only count the tasks the action would touch'),
      reason: z.string().max(500).optional().describe("Recorded by Temporal with the job, and in each terminated task's history"),
      signal: z
        .object({ name: z.string().min(1).max(200), payload: z.unknown().optional() })
        .strict()
        .optional()
        .describe('For action signal: a signal the task type in filter.task_name declares, and its payload'),
    })
    .strict();

/** The dry run's answer: how many tasks the action would touch now. */
export const batchCount = z.object({
  count: z.number().int().describe('Tasks the filter matches now (visibility can lag a moment behind)'),
  query: z.string().nullable().describe('The Temporal visibility query the job would run on; null when nothing can match'),
});

/** A started bulk job. */
export const batchStarted = batchCount.extend({
  job_id: z.string().nullable().describe('Follow it at GET /tasks/batch/{job_id}; null when nothing matched, and no job started'),
  action: z.enum(['cancel', 'terminate', 'signal', 'rerun']),
});

export const batchJobParams = z.object({ job_id: z.string().min(1).max(200) });

/** GET /tasks/batch/{job_id}: a bulk job's progress, as Temporal's batch operation tells it. */
export const batchJob = z.object({
  job_id: z.string(),
  action: z.string(),
  state: z.enum(['running', 'completed', 'failed']),
  total: z.number().int().describe('Tasks the job found to act on'),
  completed: z.number().int(),
  failed: z.number().int().describe('Tasks the action failed on (one that had ended meanwhile, say)'),
  started_at: z.string().nullable(),
  closed_at: z.string().nullable(),
  reason: z.string(),
  started_by: z.string().nullable(),
  failures: z
    .array(z.object({ task_id: z.string(), error: z.string() }))
    .optional()
    .describe("A rerun's latest failures (at most 20): the task, and why it could not go again"),
});
