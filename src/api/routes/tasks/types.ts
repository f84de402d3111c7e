import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { taskTypes } from '../../schemas/task-type';

/** GET /tasks/types: the registry, with each type's parameter and result JSON Schemas. */
export function taskTypesRoutes(app: ZodApp, ctx: ApiContext): void {
  app.get(
    '/tasks/types',
    { schema: { tags: ['tasks'], summary: 'Registered task types', response: { 200: taskTypes, ...errorResponses(401) } } },
    async () => ({ types: ctx.registry.list().map((task) => ctx.registry.describe(task.name)) }),
  );
}

