// The package exports no equivalent: `client.workflow.list()` decodes rows the same way but hides the page token the cursor needs.
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { z } from 'zod';
import { STATUS_FILTER_HELP } from '../../vocabulary/legacy-vocabulary';
import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { filterValue } from '../../schemas/filter-value';
import { taskPage } from '../../schemas/task-page';
import { ApiError } from '../../http/api-error';
import { decodeCursor, encodeCursor, pageTokenWasTheProblem } from '../../../temporal/tasks/list-cursor';
import { InvalidCursor } from '../../../temporal/store-errors';
import { parseListStatusFilter } from './status-filter';
import { scheduleIdCandidates } from '../../../temporal/schedules/schedule-id';
import { retryingRunIds } from '../../../temporal/tasks/retrying-tasks';
import { summarizeExecution } from '../../../temporal/tasks/task-summary';
import { MAX_OFFSET, readVisibilityPage, VISIBILITY_READ_MAX, type PageStart } from '../../../temporal/tasks/visibility-page';
import { visibilityQuery, type TaskFilter } from '../../../temporal/tasks/visibility-query';

const MAX_LIMIT = 1000;

/**
 * GET /tasks's query; `taskNames` are the task types this API serves, named in the document, and
 * `maxDescribes` the most running tasks a RETRY filter describes (CONVEYOR_LIST_MAX_DESCRIBES).
 */
const listQuery = (taskNames: string[], maxDescribes: number) => z
  .object({
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
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(50).describe(`Tasks per page, 1 to ${MAX_LIMIT}`),
    offset: z.coerce
      .number()
      .int()
      .min(0)
      .max(MAX_OFFSET, `must be at most ${MAX_OFFSET}; page deeper with cursor (each page's next_cursor)`)
      .optional()
      .describe(
        `Tasks to skip, 0 to ${MAX_OFFSET}; not with cursor. Temporal visibility has no offset: the rows skipped are read too, ` +
          `${VISIBILITY_READ_MAX} per read, so a deep page costs up to ${Math.ceil((MAX_OFFSET + MAX_LIMIT) / VISIBILITY_READ_MAX)} reads; page on with cursor instead`,
      ),
    cursor: z.string().regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor this API handed out').optional().describe('next_cursor of the previous page; not with offset'),
  })
  .strict();

/** GET /tasks: filtered and paged (by offset or cursor) by Temporal visibility, with a real total from a count query. */
export function taskListRoutes(app: ZodApp, ctx: ApiContext): void {
  const dataConverter = ctx.client.options.loadedDataConverter;
  app.get(
    '/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: 'List tasks',
        description:
          'Tasks in Temporal visibility order: running and queued ones first, newest first, then the ended ones, latest ended first. ' +
          `Page by \`offset\` and \`limit\` (offset at most ${MAX_OFFSET}) or by \`cursor\`; an offset page's \`next_cursor\` reads the page after it too. ` +
          '`total` counts every task the filters match; `has_more` says a page follows.',
        querystring: listQuery(
          ctx.registry.list().map((task) => task.name),
          ctx.settings.api.listMaxDescribes,
        ),
        response: { 200: taskPage, ...errorResponses(400, 401, 503) },
      },
    },
    async (request): Promise<z.infer<typeof taskPage>> => {
      const q = request.query;
      if (q.offset !== undefined && q.cursor !== undefined) throw offsetWithCursor();
      const pageToken = decodeCursor(q.cursor);
      const start: PageStart = pageToken ? { pageToken } : { offset: q.offset ?? 0 };
      const offset = 'offset' in start ? start.offset : null;
      const { statuses, retrying } = parseListStatusFilter(q.status, request.vocabulary);
      // Submitters see their own tasks only: the filter is forced, not trusted from the query.
      const filter: TaskFilter = {
        statuses,
        taskName: q.task_name,
        queue: q.queue,
        submitter: request.principal.role === 'submitter' ? request.principal.name : q.submitter,
        createdAfter: q.created_after ? new Date(q.created_after) : undefined,
        createdBefore: q.created_before ? new Date(q.created_before) : undefined,
        scheduleIds: q.schedule_id === undefined ? undefined : scheduleIdCandidates(request.principal, q.schedule_id),
      };
      const namespace = ctx.client.options.namespace;
      const service = ctx.client.workflowService;
      if (retrying) {
        filter.retryingRunIds = await retryingRunIds(service, namespace, visibilityQuery({ ...filter, statuses: ['running'] }), ctx.settings.api.listMaxDescribes);
        if (filter.retryingRunIds.length === 0 && statuses.length === 0) return { tasks: [], total: 0, limit: q.limit, offset, has_more: false, next_cursor: null };
      }
      const query = visibilityQuery(filter);
      // Both calls settle before the request ends: a failed page must not leave the count retrying
      // against a connection that may be closing.
      const [listed, counted] = await Promise.allSettled([
        readVisibilityPage(service, namespace, query, q.limit, start),
        service.countWorkflowExecutions({ namespace, query }),
      ]);
      if (listed.status === 'rejected') {
        if (pageToken && (await pageTokenWasTheProblem(listed.reason, () => service.listWorkflowExecutions({ namespace, query, pageSize: 1 })))) {
          throw new InvalidCursor('not valid for this query; start again without a cursor');
        }
        throw listed.reason;
      }
      if (counted.status === 'rejected') throw counted.reason;
      const page = listed.value;
      const total = Number(counted.value.count ?? 0);
      const executions = await Promise.all(page.rows.map((raw) => executionInfoFromRaw(raw, dataConverter, raw, namespace)));
      // Visibility hands out a token after every full read, the last row's too: from an offset, the count says whether rows follow.
      const rowsFollow = offset === null || offset + executions.length < total;
      const nextCursor = page.nextPageToken && rowsFollow ? encodeCursor(page.nextPageToken) : null;
      return { tasks: executions.map(summarizeExecution), total, limit: q.limit, offset, has_more: nextCursor !== null, next_cursor: nextCursor };
    },
  );
}

function offsetWithCursor(): ApiError {
  const message = 'give offset or cursor, not both: a cursor already says where the page starts';
  return new ApiError(400, 'invalid_request', `offset, cursor: ${message}`, {
    fields: [
      { field: 'querystring.offset', message },
      { field: 'querystring.cursor', message },
    ],
  });
}
