import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { failuresAnswer, failuresQuery } from '../../schemas/failures';
import { failureGroups, type FailureGroup } from '../../../temporal/tasks/failure-groups';

/** The most ended failures one GET /failures reads (ten visibility reads); counts stay exact past it. */
const MAX_ROWS = 10_000;

/**
 * GET /failures: failed, timed-out and stuck tasks grouped by task type and failure type, with
 * counts, first and last seen, a sample message, and the list filter that selects each group's
 * tasks (for GET /tasks, and POST /tasks/batch to act on them). Read like GET /tasks: a submitter
 * sees its own tasks only.
 */
export function failureRoutes(app: ZodApp, ctx: ApiContext): void {
  app.get(
    '/failures',
    {
      config: { access: 'read' },
      schema: {
        tags: ['tasks'],
        summary: 'Failed, timed-out and stuck tasks, grouped by task type and failure type',
        querystring: failuresQuery,
        response: { 200: failuresAnswer, ...errorResponses(400, 401, 503) },
      },
    },
    async (request) => {
      const since = new Date(Date.now() - request.query.since);
      const found = await failureGroups(ctx.client, request.principal, {
        since,
        taskName: request.query.task_name,
        maxRows: MAX_ROWS,
        maxDescribes: ctx.settings.api.listMaxDescribes,
      });
      return { since: since.toISOString(), groups: found.groups.map(groupView), partial: found.partial };
    },
  );
}

function groupView(group: FailureGroup) {
  return {
    task_name: group.taskName,
    kind: group.kind,
    failure_type: group.failureType,
    count: group.count,
    first_seen: group.firstSeen,
    last_seen: group.lastSeen,
    sample: { task_id: group.sample.taskId, message: group.sample.message },
    filter: group.kind === 'stuck' ? null : { status: group.kind, task_name: group.taskName, ...(group.kind === 'failed' && group.failureType !== 'unknown' ? { failure_type: group.failureType } : {}) },
  };
}
