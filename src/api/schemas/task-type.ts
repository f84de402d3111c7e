import { z } from 'zod';

/** One registered task type, with the JSON Schemas of what it takes and returns. */
export const taskType = z.object({
  name: z.string(),
  queue: z.string(),
  description: z.string(),
  parameters: z.record(z.string(), z.unknown()).describe('JSON Schema of the parameters'),
  result: z.record(z.string(), z.unknown()).nullable().describe('JSON Schema of the result, or null when the task declares none'),
  example: z.record(z.string(), z.unknown()).describe("Parameters to try: the task's declared example, else its defaults and a placeholder for each required field"),
  signals: z.record(z.string(), z.record(z.string(), z.unknown())).describe('Signals clients may send (POST /tasks/{id}/signals/{name}), each with the JSON Schema of its payload'),
  queries: z.array(z.string()).describe('Queries clients may ask (GET /tasks/{id}/queries/{name}); every task answers progress'),
  review: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('JSON Schema of the decision its review step takes (POST /tasks/{id}/review), or null when it has no review step'),
});

/** GET /tasks/types. */
export const taskTypes = z.object({ types: z.array(taskType) });
