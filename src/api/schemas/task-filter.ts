import { z } from 'zod';
import type { TaskFilterRequest } from '../../temporal/tasks/list-tasks';
import type { Vocabulary } from '../../vocabulary';
import { STATUS_FILTER_HELP } from '../vocabulary/legacy-vocabulary';
import { parseListStatusFilter } from '../routes/tasks/status-filter';
import { filterValue } from './filter-value';

/**
 * The filters of a list of tasks, as GET /tasks takes them in its query and POST /tasks/batch in
 * its `filter`: `taskNames` are the task types this API serves, named in the document, and
 * `maxDescribes` the most running tasks a RETRY filter describes (CONVEYOR_LIST_MAX_DESCRIBES).
 */
export const taskFilterFields = (taskNames: string[], maxDescribes: number) => ({
  status: z
    .string()
    .optional()
    .describe(`${STATUS_FILTER_HELP} RETRY describes each running task that matches the other filters, at most ${maxDescribes} (CONVEYOR_LIST_MAX_DESCRIBES; more: 400 filter_too_broad, naming the bound).`),
  // Not an enum: tasks of a type no longer served stay in Temporal, and an operator must still find them.
  task_name: filterValue.optional().describe(`A task type: ${taskNames.join(', ')}; the name of a type no longer served finds its earlier tasks`),
  queue: filterValue.optional(),
  submitter: filterValue.optional(),
  schedule_id: filterValue.optional().describe('Only the runs this schedule started: its full id, or for a submitter also the id it chose'),
  created_after: z.iso.datetime({ offset: true }).optional(),
  created_before: z.iso.datetime({ offset: true }).optional(),
  failure_type: filterValue
    .optional()
    .describe("Only failed tasks whose failure has this type: the type of the ApplicationFailure behind it, else the failure's class (as `failure_type` in GET /failures)"),
});

type TaskFilterFields = z.infer<z.ZodObject<ReturnType<typeof taskFilterFields>>>;

/** The store's filter of what a caller asked (`field`: where `status` came from, for its 400). */
export function taskFilterRequest(fields: TaskFilterFields, vocabulary: Vocabulary, maxDescribes: number, statusField?: string): TaskFilterRequest {
  const { statuses, retrying } = parseListStatusFilter(fields.status, vocabulary, statusField);
  return {
    statuses,
    retrying,
    taskName: fields.task_name,
    queue: fields.queue,
    submitter: fields.submitter,
    scheduleId: fields.schedule_id,
    createdAfter: fields.created_after ? new Date(fields.created_after) : undefined,
    createdBefore: fields.created_before ? new Date(fields.created_before) : undefined,
    failureType: fields.failure_type,
    maxDescribes,
  };
}
