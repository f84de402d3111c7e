import type { ApiContext, ZodApp } from '../../context';
import { batchCount, batchJob, batchJobParams, batchRequest, batchStarted } from '../../schemas/batch';
import { errorResponses } from '../../schemas/error-body';
import { taskFilterRequest } from '../../schemas/task-filter';
import { countBatch, describeBatch, startBatch } from '../../../temporal/tasks/batch-tasks';

/**
 * POST /tasks/batch: cancel, terminate or signal every task a list filter matches, as one Temporal
 * batch operation (Temporal pages through the matches at its own pace; the API never loops over
 * tasks), or re-run them as new tasks through a job workflow; `dry_run` only counts them. GET /tasks/batch/{job_id}: the job's progress.
 * Submitters act on their own tasks only (the server narrows their filter) and follow their own
 * jobs; viewers change nothing.
 */
export function taskBatchRoutes(app: ZodApp, ctx: ApiContext): void {
  const taskNames = ctx.registry.list().map((task) => task.name);
  const maxDescribes = ctx.settings.api.listMaxDescribes;
  app.post(
    '/tasks/batch',
    {
      config: { access: 'submit' },
      schema: {
        tags: ['tasks'],
        summary: 'Cancel, terminate, signal or re-run every task a filter matches (dry_run: count them)',
        body: batchRequest(taskNames, maxDescribes),
        response: { 200: batchCount, 202: batchStarted, ...errorResponses(400, 401, 403, 404, 415, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const { filter, action, dry_run: dryRun, reason, signal } = request.body;
      const filterRequest = taskFilterRequest(filter, request.vocabulary, maxDescribes, 'body.filter.status');
      if (dryRun) return reply.status(200).send(await countBatch(ctx.client, request.principal, filterRequest));
      const started = await startBatch(ctx.client, ctx.registry, request.principal, { filter: filterRequest, action, reason, signal });
      return reply.status(202).send({ job_id: started.jobId, action, count: started.count, query: started.query });
    },
  );
  app.get(
    '/tasks/batch/:job_id',
    {
      config: { access: 'submit' },
      schema: {
        tags: ['tasks'],
        summary: "A bulk job's progress",
        params: batchJobParams,
        response: { 200: batchJob, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const job = await describeBatch(ctx.client, request.principal, request.params.job_id);
      return {
        job_id: job.jobId,
        action: job.action,
        state: job.state,
        total: job.total,
        completed: job.completed,
        failed: job.failed,
        started_at: job.startedAt,
        closed_at: job.closedAt,
        reason: job.reason,
        started_by: job.startedBy,
        ...(job.failures ? { failures: job.failures.map((failure) => ({ task_id: failure.taskId, error: failure.error })) } : {}),
      };
    },
  );
}
