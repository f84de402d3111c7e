import type { RetryPolicy } from '@temporalio/common';
import type { Duration } from '@temporalio/common';
import type { z } from 'zod';
import type { Decision } from '../contract/decision';
import { callerLocation, formatLocation } from './caller-location';
import type { TaskVersioning } from './versioning';

/**
 * A task type: everything Conveyor needs to validate, start and describe one kind of work.
 * The input schema is the single source of the runtime validation, the TypeScript type of the
 * workflow's parameters and the JSON Schema shown by the CLI, the API and the dashboard; the
 * result schema, when declared, is the single source of the result's TypeScript type for clients
 * and of its description in the OpenAPI document.
 * Its name is also its Temporal workflow type, so Temporal's own tools see the names clients submit.
 */
export interface TaskDefinition<Input extends z.ZodType = z.ZodType, Result = unknown, Name extends string = string> {
  /** The name clients submit (`task_name`), unique across the registry; also the Temporal workflow type. */
  readonly name: Name;
  /** The queue a task runs on unless the submitter names another. */
  readonly queue: string;
  readonly description: string;
  readonly input: Input;
  /** The workflow function; the config's `workflowsPath` module must export it (under any name). */
  readonly workflow: (params: z.output<Input>) => Promise<Result>;
  /**
   * What the workflow returns, as a zod schema (its input type: the JSON the workflow hands back,
   * unparsed). TypeScript holds the workflow to it; it types `TaskResult` and describes the result
   * in the OpenAPI document and `GET /tasks/types`. It is not checked at run time: a result is
   * always delivered as the workflow returned it.
   */
  readonly result?: z.ZodType | undefined;
  /** Parameters to show as the example request on the docs page; checked against `input` at start-up. */
  readonly example?: z.input<Input> | undefined;
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
  /**
   * The review step, for a workflow that waits in `awaitDecision`: the schema of the decision it
   * takes (`decisionPayload`, or `decisionPayloadWithSummary` for one that takes an edited summary).
   * Declaring it opens `POST /tasks/{id}/review`, which sends the `decision` update.
   */
  readonly review?: z.ZodType<Decision> | undefined;
  /**
   * The fairness key its tasks take their share of a queue under (Temporal's task-queue
   * fairness): by default the submitter, so one submitter's flood never starves another's tasks.
   * Derive it from the parameters to share a queue per customer, tenant or account instead.
   */
  readonly fairnessKey?: ((params: z.output<Input>) => string) | undefined;
  /**
   * The key per-key concurrency, singletons and debouncing group tasks by: by default the task's
   * fairness key. Derive it from the parameters to group by a document, an order or an account.
   */
  readonly key?: ((params: z.output<Input>) => string) | undefined;
  /**
   * At most this many activities per second start on the task type's queue, enforced by Temporal's
   * task-queue configuration (the queue's limit: task types that share a queue share it).
   */
  readonly rateLimit?: RateLimit | undefined;
  /** At most this many activities per second start per fairness key on the queue (scaled by the key's weight). */
  readonly keyRateLimit?: RateLimit | undefined;
  /** At most `perKey` tasks of this type with the same key run at once; the rest wait in order. */
  readonly concurrency?: { readonly perKey: number } | undefined;
  /**
   * The default for submits that name none: `singleton`, while a task of this type with the same
   * key runs, a submit answers that task instead of starting another.
   */
  readonly mode?: SubmitMode | undefined;
  /** The default debouncing of submits that name none: see {@link Debounce}. */
  readonly debounce?: Debounce | undefined;
  /**
   * Which code a running task keeps when new workers are deployed, with Worker Versioning on
   * (CONVEYOR_WORKER_DEPLOYMENT_NAME): `pinned` (the default) finishes on the build it started on;
   * `auto_upgrade` moves to the current build, whose workflow must then replay its history.
   * Unversioned workers ignore it. See docs/deployment/safe-deploys.md.
   */
  readonly versioning?: TaskVersioning | undefined;
  /** Where the definition was written (`file:line`), for error messages. */
  readonly definedAt: string;
}

/** A rate Temporal enforces on a task queue: how many tasks it dispatches per second. */
export interface RateLimit {
  readonly perSecond: number;
}

/** How a submit starts its task: `start` (always a new task) or `singleton` (at most one running per key). */
export type SubmitMode = 'start' | 'singleton';

/**
 * Submits with the same key within `window` of each other collapse into one run, which starts
 * once `window` passes without another submit (or `maxWait` after the first), with the last
 * submit's parameters.
 */
export interface Debounce {
  readonly window: Duration;
  readonly maxWait?: Duration | undefined;
}

// `any` for the workflow's parameters: a task of any input type is a task (function parameters are contravariant).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTaskDefinition = TaskDefinition<any, unknown, string>;

export type TaskSpec<Input extends z.ZodType, Result, Name extends string = string> = Omit<
  TaskDefinition<Input, Result, Name>,
  'definedAt' | 'retry' | 'executionTimeout'
> &
  Partial<Pick<TaskDefinition<Input, Result, Name>, 'retry' | 'executionTimeout'>>;

const SINGLE_ATTEMPT: RetryPolicy = { maximumAttempts: 1 };

/** A task type declared with a result schema: its result type is the schema's. */
export type TaskDefinitionWithResult<Input extends z.ZodType, ResultSchema extends z.ZodType, Name extends string> = TaskDefinition<
  Input,
  z.input<ResultSchema>,
  Name
> & { readonly result: ResultSchema };

/**
 * Declares a task type. Call it once per type, at module top level. With a `result` schema, the
 * workflow must return what the schema describes, and clients see the schema's type.
 */
export function defineTask<Input extends z.ZodType, ResultSchema extends z.ZodType, const Name extends string>(
  spec: TaskSpec<Input, z.input<ResultSchema>, Name> & { readonly result: ResultSchema },
): TaskDefinitionWithResult<Input, ResultSchema, Name>;
export function defineTask<Input extends z.ZodType, Result, const Name extends string>(
  spec: TaskSpec<Input, Result, Name> & { readonly result?: undefined },
): TaskDefinition<Input, Result, Name>;
export function defineTask<Input extends z.ZodType, Result, const Name extends string>(
  spec: TaskSpec<Input, Result, Name>,
): TaskDefinition<Input, Result, Name> {
  return {
    executionTimeout: '7 days',
    retry: SINGLE_ATTEMPT,
    ...spec,
    definedAt: formatLocation(callerLocation()),
  };
}

/** The parameters a client sends for a task (its input schema's input type: defaults optional). */
export type TaskParams<T> = T extends { readonly input: infer Input extends z.ZodType } ? z.input<Input> : unknown;

/** What a task's workflow returns: its declared result schema's type, else the workflow's return type. */
export type TaskResult<T> = T extends { readonly result: infer Schema extends z.ZodType }
  ? z.input<Schema>
  : T extends { readonly workflow: (...args: never[]) => Promise<infer Result> }
    ? Result
    : unknown;

/** A task's name as a string literal type. */
export type TaskName<T> = T extends { readonly name: infer Name extends string } ? Name : string;

/** True for objects made by {@link defineTask} (checked when a config is loaded). */
export function isTaskDefinition(value: unknown): value is AnyTaskDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const task = value as Partial<AnyTaskDefinition>;
  return (
    typeof task.name === 'string' &&
    typeof task.queue === 'string' &&
    typeof task.workflow === 'function' &&
    isZodSchema(task.input) &&
    (task.result === undefined || isZodSchema(task.result)) &&
    typeof task.definedAt === 'string'
  );
}

function isZodSchema(value: unknown): boolean {
  return typeof (value as { safeParse?: unknown } | undefined)?.safeParse === 'function';
}
