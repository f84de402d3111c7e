import { z } from 'zod';
import type { ApiContext, ZodApp } from '../../context';
import { cancelAnswer } from '../../schemas/cancel';
import { errorResponses } from '../../schemas/error-body';
import { taskIdParams } from '../../schemas/task-id';
import { loadTask } from '../../../temporal/tasks/load-task';
import { purgeTask } from '../../../temporal/tasks/purge-task';
import { stopTask } from '../../../temporal/tasks/stop-task';

const cancelQuery = z.object({
  mode: z.enum(['cancel', 'terminate']).default('cancel').describe('cancel: ask the task to stop (activities learn it at their next heartbeat); terminate: end it at once'),
  reason: z.string().max(500).optional(),
  purge: z.enum(['true', 'false']).default('false').describe('Admins only: delete a finished task from Temporal'),
});
/** POST /tasks/{id}/cancel purges nothing: it documents, and takes, only purge=false. */
const cancelOnlyQuery = cancelQuery.extend({ purge: z.enum(['false']).default('false').describe('Only DELETE /tasks/{id} purges') });

/** POST /tasks/{id}/cancel and DELETE /tasks/{id}: cancel, terminate, or (admin) purge. */
export function taskCancelRoutes(app: ZodApp, ctx: ApiContext): void {
  const routes = [
    { method: 'POST' as const, url: '/tasks/:id/cancel', summary: 'Cancel a task (?mode=terminate to terminate)', querystring: cancelOnlyQuery },
    { method: 'DELETE' as const, url: '/tasks/:id', summary: 'Cancel or terminate a task; ?purge=true (admin) deletes a finished one', querystring: cancelQuery },
  ];
  for (const { method, url, summary, querystring } of routes) {
    app.route({
      method,
      url,
      config: { access: 'submit' },
      schema: { tags: ['tasks'], summary, params: taskIdParams, querystring, response: { 200: cancelAnswer, 202: cancelAnswer, ...errorResponses(400, 401, 403, 404, 409, 503) } },
      handler: async (request, reply) => {
        const { mode, reason, purge } = request.query;
        const loaded = await loadTask(ctx.client, request.params.id, request.principal, 'write');
        const id = loaded.taskId;
        if (purge === 'true') {
          const status = await purgeTask(ctx.client, loaded, request.principal);
          return reply.status(202).send({ task_id: id, action: 'delete_requested' as const, status });
        }
        const stopped = await stopTask(loaded, request.principal, mode, reason);
        return reply.status(stopped.action === 'terminated' ? 200 : 202).send({ task_id: id, ...stopped });
      },
    });
  }
}
