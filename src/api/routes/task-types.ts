import { z } from 'zod';
import type { ApiContext, ZodApp } from '../context';
import { errorResponses } from '../error-body';

const taskType = z.object({
  name: z.string(),
  queue: z.string(),
  description: z.string(),
  parameters: z.record(z.string(), z.unknown()).describe('JSON Schema of the parameters'),
});

/** GET /tasks/types: the registry, with each type's parameter JSON Schema. */
export function taskTypesRoutes(app: ZodApp, ctx: ApiContext): void {
  app.get(
    '/tasks/types',
    { schema: { tags: ['tasks'], summary: 'Registered task types', response: { 200: z.object({ types: z.array(taskType) }), ...errorResponses(401) } } },
    async () => ({
      types: ctx.registry.list().map((task) => ({
        name: task.name,
        queue: task.queue,
        description: task.description,
        parameters: ctx.registry.jsonSchema(task.name),
      })),
    }),
  );
}
