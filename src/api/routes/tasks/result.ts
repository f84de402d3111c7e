import { z } from 'zod';
import { isTerminal } from '../../../tasks/status';
import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { resultAnswer } from '../../schemas/result';
import { resultWait } from '../../schemas/result-wait';
import { taskIdParams } from '../../schemas/task-id';
import { readTaskResult } from '../../../temporal/tasks/task-result';

/**
 * GET /tasks/{id}/result: never blocks unless asked. 200 with the result (or the failure) once
 * the task ended, 202 with the status while it runs; `?wait=30s` waits up to that long first.
 */
export function taskResultRoutes(app: ZodApp, ctx: ApiContext): void {
  const wait = resultWait(ctx.settings.api.maxResultWaitMs);
  app.get(
    '/tasks/:id/result',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Task result: 200 when ended, 202 while it runs',
        params: taskIdParams,
        querystring: z.object({ wait: wait.optional().describe(`Wait up to this long for the end, e.g. "30s" (at most the server maximum)`) }),
        response: { 200: resultAnswer, 202: resultAnswer, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const { taskId, outcome } = await readTaskResult(ctx.client, request.params.id, request.principal, request.query.wait ?? 0, ctx.closing);
      // 200 once the task ended, 202 while it runs.
      return reply.status(isTerminal(outcome.status) ? 200 : 202).send({ task_id: taskId, ...outcome });
    },
  );
}
