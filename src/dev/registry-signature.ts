import { z } from 'zod';
import type { TaskRegistry } from '../tasks/registry';

/**
 * What the Task API serves from a registry, as one comparable string: each task's fields, its
 * schemas as JSON Schema (what a client sends and gets), and the queues. `conveyor dev` restarts
 * the API only when this changes. Functions are left out: the workflow runs in the worker, and
 * `definedAt` moves with every edit above a task. A change only inside a refinement's function
 * does not show in JSON Schema either: it reaches the worker, and the API at the next restart.
 */
export function registrySignature(registry: TaskRegistry): string {
  return JSON.stringify({ queues: registry.queues(), tasks: registry.list() }, (key, value: unknown) => {
    if (key === 'definedAt' || typeof value === 'function') return undefined;
    if (isSchema(value)) {
      return {
        input: z.toJSONSchema(value, { io: 'input', unrepresentable: 'any' }),
        output: z.toJSONSchema(value, { io: 'output', unrepresentable: 'any' }),
      };
    }
    return value;
  });
}

function isSchema(value: unknown): value is z.ZodType {
  return value instanceof z.ZodType;
}
