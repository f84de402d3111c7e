import { z } from 'zod';
import { decisionUpdate } from '../../../contract/decision';
import { progressQuery } from '../../../contract/progress';
import type { ApiContext, ZodApp } from '../../context';
import { taskTypeOf } from '../../../temporal/tasks/task-type-of';
import { errorResponses } from '../../schemas/error-body';
import { queryAnswer, signalSent } from '../../schemas/interaction';
import { taskIdParams } from '../../schemas/task-id';
import { ApiError } from '../../http/api-error';
import { loadTask } from '../../../temporal/tasks/load-task';
import { withinCallDeadline } from '../../../temporal/deadlines';
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
      const id = loaded.taskId;
      // A decision is a review (the `decision` update, which refuses one the task does not wait for), never a signal, even where a task type still declares one.
      if (name === decisionUpdate.name) throw new ApiError(404, 'signal_not_declared', `task "${id}" takes no "${name}" signal: decide with POST /tasks/{id}/review`);
      const signals = taskTypeOf(ctx.registry, loaded)?.signals ?? {};
      // Own keys only: `constructor` or `__proto__` is no signal a task declares.
      const schema = Object.hasOwn(signals, name) ? signals[name] : undefined;
      if (!schema) throw new ApiError(404, 'signal_not_declared', `task "${id}" declares no signal "${name}"`);
      if (loaded.description.status.name !== 'RUNNING') throw new ApiError(409, 'task_finished', `task "${id}" is no longer running`);
      const payload = schema.safeParse(request.body ?? {});
      if (!payload.success) {
        const fields = payload.error.issues.map((issue) => ({ field: ['body', ...issue.path.map(String)].join('.'), message: issue.message }));
        throw new ApiError(422, 'invalid_signal_payload', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
      }
      await loaded.handle.signal(name, payload.data);
      return reply.status(202).send({ task_id: id, signal: name });
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
      const id = loaded.taskId;
      const declared = name === progressQuery.name || (taskTypeOf(ctx.registry, loaded)?.queries ?? []).includes(name);
      if (!declared) throw new ApiError(404, 'query_not_declared', `task "${id}" declares no query "${name}"`);
      try {
        const result: unknown = await withinCallDeadline(ctx.client, () => loaded.handle.query(name));
        return { task_id: id, query: name, result };
      } catch (error) {
        request.log.debug({ err: error }, 'query failed');
        throw new ApiError(503, 'no_worker', `no worker answered the query "${name}" in time; is a worker serving queue ${loaded.description.taskQueue}?`, undefined, {
          'retry-after': '5',
        });
      }
    },
  );
}
