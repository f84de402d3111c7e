import { z } from 'zod';
import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { taskFilterFields, taskFilterRequest } from '../../schemas/task-filter';
import { taskPage } from '../../schemas/task-page';
import { ApiError } from '../../http/api-error';
import { listTasks, taskPageStart } from '../../../temporal/tasks/list-tasks';
import { MAX_OFFSET, VISIBILITY_READ_MAX } from '../../../temporal/tasks/visibility-page';

const MAX_LIMIT = 1000;

/**
 * GET /tasks's query; `taskNames` are the task types this API serves, named in the document, and
 * `maxDescribes` the most running tasks a RETRY filter describes (CONVEYOR_LIST_MAX_DESCRIBES).
 */
const listQuery = (taskNames: string[], maxDescribes: number) => z
  .object({
    ...taskFilterFields(taskNames, maxDescribes),
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
      const start = taskPageStart(q.cursor, q.offset);
      const page = await listTasks(ctx.client, request.principal, {
        ...taskFilterRequest(q, request.vocabulary, ctx.settings.api.listMaxDescribes),
        limit: q.limit,
        start,
      });
      return { tasks: page.tasks, total: page.total, limit: q.limit, offset: page.offset, has_more: page.nextCursor !== null, next_cursor: page.nextCursor };
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
