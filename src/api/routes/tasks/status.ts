import { seesWorkers } from '../../http/auth/authenticate';
import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { taskView } from '../../schemas/task';
import { taskIdParams } from '../../schemas/task-id';
import { loadTask } from '../../../temporal/tasks/load-task';
import { TaskDebouncing, viewDebouncingTask } from '../../../temporal/tasks/debouncing-task';
import { taskNameOf } from '../../../temporal/tasks/task-name';
import { viewTask } from '../../../temporal/tasks/task-view';

/** GET /tasks/{id} and its alias GET /tasks/{id}/status. */
export function taskStatusRoutes(app: ZodApp, ctx: ApiContext): void {
  for (const url of ['/tasks/:id', '/tasks/:id/status']) {
    app.get(
      url,
      {
        schema: {
          tags: ['tasks'],
          summary: url.endsWith('/status') ? 'Task status (alias of GET /tasks/{id})' : 'Task status, progress and timings',
          params: taskIdParams,
          response: { 200: taskView, ...errorResponses(400, 401, 403, 404, 409, 503) },
        },
      },
      async (request) => {
        let loaded;
        try {
          loaded = await loadTask(ctx.client, request.params.id, request.principal, 'read');
        } catch (error) {
          // A debounced task waiting out its window has no run yet: its window says what it will be.
          if (error instanceof TaskDebouncing) return viewDebouncingTask(ctx.client, error);
          throw error;
        }
        const { handle, description } = loaded;
        const taskName = taskNameOf(description);
        const type = taskName !== null && ctx.registry.has(taskName) ? ctx.registry.get(taskName) : undefined;
        const declaresRateLimit = type?.rateLimit !== undefined || type?.keyRateLimit !== undefined;
        return viewTask(ctx.client, handle, description, seesWorkers(request.principal, ctx.settings.api), declaresRateLimit);
      },
    );
  }
}
