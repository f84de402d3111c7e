import type { RetryPolicy } from '@temporalio/common';
import type { Duration } from '@temporalio/common/lib/time';
import type { z } from 'zod';

/**
 * A task type: everything Conveyor needs to validate, start and describe one kind of work.
 * The input schema is the single source of the runtime validation, the TypeScript type of the
 * workflow's parameters and the JSON Schema shown by the CLI, the API and the dashboard.
 */
export interface TaskDefinition<Input extends z.ZodType = z.ZodType, Result = unknown> {
  /** The name clients submit (`task_name`), unique across the registry. */
  readonly name: string;
  /** The queue a task runs on unless the submitter names another. */
  readonly queue: string;
  readonly description: string;
  readonly input: Input;
  /** The workflow function; it must be exported under its own name from `src/workflows/index.ts`. */
  readonly workflow: (params: z.output<Input>) => Promise<Result>;
  /** Upper bound for the whole task, retries and continue-as-new included. */
  readonly executionTimeout: Duration;
  /**
   * Whole-task retries (Temporal's workflow retry policy). Defaults to a single attempt:
   * activities carry their own retry policies, and retrying at both levels multiplies attempts.
   */
  readonly retry: RetryPolicy;
  /** Signals clients may send (`POST /tasks/{id}/signals/{name}`), each with its payload schema. */
  readonly signals?: Readonly<Record<string, z.ZodType>>;
  /** Queries clients may ask (`GET /tasks/{id}/queries/{name}`) besides `progress`, which every task answers. */
  readonly queries?: readonly string[];
  /** Where the definition was written (`file:line`), for error messages. */
  readonly definedAt: string;
}

export type AnyTaskDefinition = TaskDefinition<z.ZodType, unknown>;

export type TaskSpec<Input extends z.ZodType, Result> = Omit<
  TaskDefinition<Input, Result>,
  'definedAt' | 'retry' | 'executionTimeout'
> &
  Partial<Pick<TaskDefinition<Input, Result>, 'retry' | 'executionTimeout'>>;

const SINGLE_ATTEMPT: RetryPolicy = { maximumAttempts: 1 };

/** Declares a task type. Call it once per type, at module top level. */
export function defineTask<Input extends z.ZodType, Result>(spec: TaskSpec<Input, Result>): TaskDefinition<Input, Result> {
  return {
    executionTimeout: '7 days',
    retry: SINGLE_ATTEMPT,
    ...spec,
    definedAt: callerLocation(),
  };
}

/** The `file:line` of the code that called `defineTask`, read from a stack trace. */
function callerLocation(): string {
  const frames = new Error().stack?.split('\n') ?? [];
  // [0] "Error", [1] callerLocation, [2] defineTask, [3] the definition
  const frame = frames[3] ?? '';
  const match = /\(?((?:file:\/\/)?[^\s()]+):(\d+):\d+\)?$/.exec(frame.trim());
  if (!match) return 'unknown location';
  const file = (match[1] ?? '').replace(/^file:\/\//, '');
  const relative = file.startsWith(process.cwd()) ? file.slice(process.cwd().length + 1) : file;
  return `${relative}:${match[2]}`;
}
