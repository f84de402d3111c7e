import { msToNumber } from '@temporalio/common';
import { z } from 'zod';
import { progressQuery } from '../contract/progress';
import type { AnyTaskDefinition } from './define-task';
import {
  DuplicateTaskError,
  InvalidExampleError,
  InvalidParamsError,
  InvalidQueueError,
  InvalidTaskNameError,
  RESERVED_SIGNAL_PREFIX,
  ReservedSignalError,
  UnknownTaskError,
  type ParamIssue,
} from './errors';
import { sampleParameters } from './example-parameters';
import { checkFlowControl } from './flow-control-options';
import { QUEUE_NAME_PATTERN, TASK_NAME_PATTERN } from './queues';
import { checkVersioning } from './versioning';

/** The task types an application offers, checked once at start-up. */
export interface TaskRegistry {
  get(name: string): AnyTaskDefinition;
  has(name: string): boolean;
  list(): AnyTaskDefinition[];
  /** The queues the application declares, then every other queue a task names, in that order. */
  queues(): string[];
  /** Validates raw parameters against the task's schema; returns the parsed value or throws {@link InvalidParamsError}. */
  parseParams(name: string, params: unknown): unknown;
  /** The task's input as JSON Schema (the shape a client sends). */
  jsonSchema(name: string): Record<string, unknown>;
  /** The parameters the docs show for the task: its declared example, else a sample drawn from its schema. */
  exampleParameters(name: string): Record<string, unknown>;
  /** What clients see of the task type (GET /tasks/types, `conveyor types`). */
  describe(name: string): TaskTypeDescription;
}

export interface TaskTypeDescription {
  name: string;
  queue: string;
  description: string;
  /** JSON Schema of the parameters. */
  parameters: Record<string, unknown>;
  /** JSON Schema of the result, when the task declares one (`result` in `defineTask`). */
  result: Record<string, unknown> | null;
  /** Parameters to try: the task's declared example, else each default and a placeholder for each required field. */
  example: Record<string, unknown>;
  /** Each signal clients may send, with the JSON Schema of its payload. */
  signals: Record<string, Record<string, unknown>>;
  /** The queries clients may ask: `progress`, which every task answers, then the task's own. */
  queries: string[];
  /** The JSON Schema of the decision its review step takes (POST /tasks/{id}/review), or null when it has none. */
  review: Record<string, unknown> | null;
  /** Its flow control (docs/flow-control.md), as the API says it. */
  flow_control: {
    /** Where its fairness key comes from: its `fairnessKey(params)`, else the submitter's name. */
    fairness_key: 'parameters' | 'submitter';
    /** Where the key of its concurrency, singletons and debouncing comes from: its `key(params)`, else the fairness key. */
    key: 'parameters' | 'fairness_key';
    rate_limit: number | null;
    key_rate_limit: number | null;
    concurrency_per_key: number | null;
    /** The mode of a submit that names none. */
    mode: 'start' | 'singleton';
    /** The debouncing of a submit that names none. */
    debounce: { window_ms: number; max_wait_ms: number | null } | null;
  };
}

/**
 * Builds a registry; throws {@link DuplicateTaskError} naming both definitions of a repeated name,
 * {@link InvalidTaskNameError} / {@link InvalidQueueError} for names Temporal would not take, and
 * {@link ReservedSignalError} for a signal a client must never send (`conveyor.*`), and
 * {@link InvalidExampleError} for a declared example the task's own schema refuses.
 */
export function createRegistry(definitions: readonly AnyTaskDefinition[], declaredQueues: readonly string[] = []): TaskRegistry {
  const byName = new Map<string, AnyTaskDefinition>();
  for (const queue of declaredQueues) if (!QUEUE_NAME_PATTERN.test(queue)) throw new InvalidQueueError(queue);
  for (const definition of definitions) {
    const existing = byName.get(definition.name);
    if (existing) throw new DuplicateTaskError(definition.name, existing.definedAt, definition.definedAt);
    if (!TASK_NAME_PATTERN.test(definition.name)) throw new InvalidTaskNameError(definition.name, definition.definedAt);
    if (!QUEUE_NAME_PATTERN.test(definition.queue)) throw new InvalidQueueError(definition.queue);
    const reserved = Object.keys(definition.signals ?? {}).find((signal) => signal.startsWith(RESERVED_SIGNAL_PREFIX));
    if (reserved) throw new ReservedSignalError(definition.name, reserved, definition.definedAt);
    if (definition.example !== undefined) {
      const checked = definition.input.safeParse(definition.example);
      if (!checked.success) throw new InvalidExampleError(definition.name, toParamIssues(checked.error), definition.definedAt);
    }
    byName.set(definition.name, definition);
  }
  checkFlowControl(definitions);
  checkVersioning(definitions);
  const schemas = new Map<string, Record<string, unknown>>();

  const get = (name: string): AnyTaskDefinition => {
    const definition = byName.get(name);
    if (!definition) throw new UnknownTaskError(name, [...byName.keys()]);
    return definition;
  };

  return {
    get,
    has: (name) => byName.has(name),
    list: () => [...byName.values()],
    queues: () => [...new Set([...declaredQueues, ...definitions.map((d) => d.queue)])],
    parseParams(name, params) {
      const result = get(name).input.safeParse(params ?? {});
      if (result.success) return result.data;
      throw new InvalidParamsError(name, toParamIssues(result.error));
    },
    jsonSchema(name) {
      let schema = schemas.get(name);
      if (!schema) {
        schema = inputJsonSchema(get(name).input);
        schemas.set(name, schema);
      }
      return schema;
    },
    exampleParameters(name) {
      const example: unknown = get(name).example;
      return (example as Record<string, unknown> | undefined) ?? sampleParameters(this.jsonSchema(name));
    },
    describe(name) {
      const task = get(name);
      return {
        name: task.name,
        queue: task.queue,
        description: task.description,
        parameters: this.jsonSchema(name),
        result: task.result ? inputJsonSchema(task.result) : null,
        example: this.exampleParameters(name),
        signals: Object.fromEntries(Object.entries(task.signals ?? {}).map(([signal, payload]) => [signal, inputJsonSchema(payload)])),
        queries: [progressQuery.name, ...(task.queries ?? [])],
        review: task.review ? inputJsonSchema(task.review) : null,
        flow_control: {
          fairness_key: task.fairnessKey ? 'parameters' : 'submitter',
          key: task.key ? 'parameters' : 'fairness_key',
          rate_limit: task.rateLimit?.perSecond ?? null,
          key_rate_limit: task.keyRateLimit?.perSecond ?? null,
          concurrency_per_key: task.concurrency?.perKey ?? null,
          mode: task.mode ?? 'start',
          debounce: task.debounce
            ? { window_ms: msToNumber(task.debounce.window), max_wait_ms: task.debounce.maxWait === undefined ? null : msToNumber(task.debounce.maxWait) }
            : null,
        },
      };
    },
  };
}

/**
 * The JSON Schema of what `schema` accepts (defaults optional, refinements as `any`): what a client
 * sends for parameters and payloads, and what a workflow hands back for a result.
 */
function inputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

function toParamIssues(error: z.ZodError): ParamIssue[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message }));
}
