import { loadTask } from '../../../temporal/tasks/load-task';
import { resetTask } from '../../../temporal/tasks/reset-task';
import { retryTask } from '../../../temporal/tasks/retry-task';
import type { ApiContext, ZodApp } from '../../context';
import { sendStartedTask } from './started-answer';
import { errorResponses } from '../../schemas/error-body';
import { resetAnswer, resetRequest, retryAnswer, retryRequest } from '../../schemas/retry';
import { taskIdParams } from '../../schemas/task-id';

/**
 * POST /tasks/{id}/reset and POST /tasks/{id}/retry: a failed task goes again, from its failed
 * step (a reset: the same task, a new run that keeps what completed) or from the start with new
 * or the same parameters (a retry: a new task naming the old one). Admins act on every task,
 * submitters on their own, viewers on none (as for cancel).
 */
export function taskRetryRoutes(app: ZodApp, ctx: ApiContext): void {
  app.post(
    '/tasks/:id/reset',
    {
      config: { access: 'submit' },
      schema: {
        tags: ['tasks'],
        summary: 'Retry a failed or stuck task from its failed step: Temporal resets it to the workflow task before its first failure, keeping the results of the steps that completed',
        params: taskIdParams,
        body: resetRequest,
        response: { 200: resetAnswer, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => {
      const loaded = await loadTask(ctx.client, request.params.id, request.principal, 'write');
      const reset = await resetTask(ctx.client, loaded, request.principal, request.body?.reason);
      const { runId, eventId, failedEventId, failedEventType } = reset.resetFrom;
      return {
        task_id: reset.taskId,
        run_id: reset.runId,
        status: 'running' as const,
        reset_from: { run_id: runId, event_id: eventId, failed_event_id: failedEventId, failed_event_type: failedEventType },
        reason: reset.reason,
      };
    },
  );

  app.post(
    '/tasks/:id/retry',
    {
      config: { access: 'submit' },
      preHandler: ctx.rateLimits.submits,
      schema: {
        tags: ['tasks'],
        summary: 'Retry a task that ended without a result as a new task of its type, with new parameters or its own (checked as a submit); the new task names the old one (retry_of)',
        params: taskIdParams,
        body: retryRequest,
        response: { 201: retryAnswer, 200: retryAnswer, ...errorResponses(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const loaded = await loadTask(ctx.client, request.params.id, request.principal, 'write');
      const started = await retryTask(ctx.client, ctx.registry, loaded, request.principal, request.body?.parameters);
      if (started.outcome === 'started') ctx.metrics.tasksSubmitted.inc({ task_name: started.taskName });
      return sendStartedTask(reply, started, { status: started.status }, { retry_of: loaded.taskId });
    },
  );
}
