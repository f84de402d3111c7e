import { z } from 'zod';
import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { queryAnswer, signalSent } from '../../schemas/interaction';
import { taskIdParams } from '../../schemas/task-id';
import { NoWorker } from '../../../temporal/store-errors';
import { loadTask } from '../../../temporal/tasks/load-task';
import { queryTask } from '../../../temporal/tasks/query-task';
import { signalTask } from '../../../temporal/tasks/signal-task';
import { temporalIdString } from '../../../temporal/temporal-id';

const nameParams = taskIdParams.extend({ name: temporalIdString(200) });

/** POST /tasks/{id}/signals/{name} and GET /tasks/{id}/queries/{name}, for what the task type declares. */
export function taskInteractionRoutes(app: ZodApp, ctx: ApiContext): void {
  app.post(
    '/tasks/:id/signals/:name',
    {
      config: { access: 'submit' },
      schema: {
        tags: ['tasks'],
        summary: 'Send a signal the task type declares; the body is its payload',
        params: nameParams,
        body: z.unknown(),
        response: { 202: signalSent, ...errorResponses(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const loaded = await loadTask(ctx.client, request.params.id, request.principal, 'write');
      await signalTask(ctx.registry, loaded, name, request.body ?? {});
      return reply.status(202).send({ task_id: loaded.taskId, signal: name });
    },
  );

  app.get(
    '/tasks/:id/queries/:name',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Ask a query the task type declares (every task answers `progress`)',
        params: nameParams,
        response: { 200: queryAnswer, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => {
      const { name } = request.params;
      const loaded = await loadTask(ctx.client, request.params.id, request.principal, 'read');
      const result = await queryTask(ctx.client, ctx.registry, loaded, name).catch((error: unknown) => {
        if (error instanceof NoWorker) request.log.debug({ err: error.cause }, 'query failed');
        throw error;
      });
      return { task_id: loaded.taskId, query: name, result };
    },
  );
}
