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
  flow_control: z
    .object({
      fairness_key: z.enum(['parameters', 'submitter']).describe("Where a task's fairness key comes from: its parameters (the type's fairnessKey), else the submitter's name"),
      key: z.enum(['parameters', 'fairness_key']).describe('Where the key of per-key concurrency, singletons and debouncing comes from'),
      rate_limit: z.number().nullable().describe("Activities per second on the type's queue"),
      key_rate_limit: z.number().nullable().describe('Activities per second per fairness key on the queue'),
      concurrency_per_key: z.number().nullable().describe('Tasks of this type with one key that run at once'),
      mode: z.enum(['start', 'singleton']).describe('The mode of a submit that names none'),
      debounce: z.object({ window_ms: z.number(), max_wait_ms: z.number().nullable() }).nullable().describe('The debouncing of a submit that names none'),
    })
    .describe('Its flow control (docs/flow-control.md)'),
});

/** GET /tasks/types. */
export const taskTypes = z.object({ types: z.array(taskType) });
