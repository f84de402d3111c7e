import { z } from 'zod';
import { requestDuration } from './duration';
import { filterValue } from './filter-value';

/** The longest window GET /failures looks back over. */
const MAX_SINCE_MS = 90 * 24 * 60 * 60 * 1000;

export const failuresQuery = z
  .object({
    since: requestDuration({ maxMs: MAX_SINCE_MS, tooLong: 'must be a duration of at most 90 days' })
      .default(24 * 60 * 60 * 1000)
      .describe('How far back to look for ended failures, e.g. 1h, 24h, 7d (default 24h, at most 90 days)'),
    task_name: filterValue.optional().describe('Only this task type'),
  })
  .strict();

const groupFilter = z
  .object({ status: z.string(), task_name: z.string(), failure_type: z.string().optional() })
  .describe("GET /tasks's and POST /tasks/batch's filter for the group's tasks (every one ever, not only those since); absent for stuck tasks, which no list filter selects");

export const failureGroup = z.object({
  task_name: z.string(),
  kind: z.enum(['failed', 'timed_out', 'stuck']).describe('failed and timed_out: ended so; stuck: running, its workflow task failing (workflow_task_failing)'),
  failure_type: z.string().describe('The ApplicationFailure type (or failure class) they failed with; TimeoutFailure for a timeout; unknown for tasks that failed before Conveyor recorded types'),
  count: z.number().int(),
  first_seen: z.string().nullable(),
  last_seen: z.string().nullable(),
  sample: z.object({ task_id: z.string(), message: z.string() }).describe('The latest of them, and its failure message'),
  filter: groupFilter.nullable(),
});

export const failuresAnswer = z.object({
  since: z.string().describe('The start of the window, as a time'),
  groups: z.array(failureGroup).describe('Most tasks first'),
  partial: z.boolean().describe('More failures than one read takes (10,000) or more running tasks than CONVEYOR_LIST_MAX_DESCRIBES: counts stay exact, but a first_seen may be later, or a stuck task missing'),
});
