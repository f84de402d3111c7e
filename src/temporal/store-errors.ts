import type { TaskStatus } from '../tasks/status';
import type { TaskSummary } from './tasks/task-summary';

/**
 * What the task store (tasks/, schedules/) refuses, by name. Each error carries what a caller needs
 * to answer (the ids, the candidates, the bound that was passed) and no transport of its own: the
 * API's error handler gives each its HTTP status and code, in one table.
 */

/** No task with this id, or one the caller may not see (as good as none). */
export class TaskNotFound extends Error {
  constructor(readonly taskId: string) {
    super(`no task with id "${taskId}"`);
    this.name = 'TaskNotFound';
  }
}

/** No schedule with this id, or one the caller may not see. */
export class ScheduleNotFound extends Error {
  constructor(readonly scheduleId: string) {
    super(`no schedule with id "${scheduleId}"`);
    this.name = 'ScheduleNotFound';
  }
}

/** A part of an id that several tasks' ids start or end with. */
export class AmbiguousTaskId extends Error {
  constructor(
    readonly typedId: string,
    /** The first few matches; `more` says whether others exist. */
    readonly candidates: TaskSummary[],
    readonly more: boolean,
  ) {
    const count = `${more ? 'more than ' : ''}${candidates.length} tasks`;
    super(`"${typedId}" matches ${count}: ${candidates.map((c) => c.task_id).join(', ')}${more ? ', ...' : ''}; give more of the id`);
    this.name = 'AmbiguousTaskId';
  }
}

/** A part of an id visibility refuses to search with: only the full id finds that task. */
export class UnsearchableTaskId extends Error {
  constructor() {
    super('the task id cannot be searched for; give the full id');
    this.name = 'UnsearchableTaskId';
  }
}

/** A list cursor this store did not hand out, or one for another query. */
export class InvalidCursor extends Error {
  constructor(readonly reason: string) {
    super(`cursor: ${reason}`);
    this.name = 'InvalidCursor';
  }
}

/** A status filter that would cost more describe calls than one request may make (CONVEYOR_LIST_MAX_DESCRIBES). */
export class FilterTooBroad extends Error {
  constructor(
    readonly reason: string,
    readonly runningTasks: number,
    readonly maxRunningTasks: number,
  ) {
    super(`status: ${reason}`);
    this.name = 'FilterTooBroad';
  }
}

/** An id a client chose that the submitter's scope before it makes longer than Temporal takes. */
export class ScopedIdTooLong extends Error {
  constructor(
    /** The request's name for the id: `workflow_id`, `schedule_id`. */
    readonly field: string,
    message: string,
    /** What the id must be, said of the field alone. */
    readonly requirement: string,
  ) {
    super(message);
    this.name = 'ScopedIdTooLong';
  }
}

/** An idempotent start whose id is taken by a task another request started. */
export class IdempotencyConflict extends Error {
  constructor(readonly taskId: string) {
    super(`task "${taskId}" exists and was submitted with a different request`);
    this.name = 'IdempotencyConflict';
  }
}

/** A caller whose role may read tasks and schedules, not change them (a viewer). */
export class ReadOnlyCaller extends Error {
  constructor(readonly role: string) {
    super(`role ${role} may only read`);
    this.name = 'ReadOnlyCaller';
  }
}

/** A task that is not waiting for a decision now: not there yet, or already decided. */
export class NotAwaitingReview extends Error {
  constructor(
    readonly taskId: string,
    why: string,
  ) {
    super(`task "${taskId}" is not awaiting review: ${why}`);
    this.name = 'NotAwaitingReview';
  }
}

/** A decision the task's workflow refused as such (its payload). */
export class DecisionRefused extends Error {
  constructor(
    readonly taskId: string,
    reason: string,
  ) {
    super(`task "${taskId}" refused the decision: ${reason}`);
    this.name = 'DecisionRefused';
  }
}

/** A task that has ended, asked to do what only a running one does; `status` says how it ended, where known. */
export class TaskFinished extends Error {
  constructor(
    readonly taskId: string,
    readonly status?: TaskStatus,
  ) {
    super(status === undefined ? `task "${taskId}" is no longer running` : `task "${taskId}" already ended (${status})`);
    this.name = 'TaskFinished';
  }
}

/** A task still going, asked to do what only an ended one does (be purged). */
export class TaskStillRunning extends Error {
  constructor(
    readonly taskId: string,
    readonly status: TaskStatus,
  ) {
    super(`task "${taskId}" is ${status}; cancel it before purging`);
    this.name = 'TaskStillRunning';
  }
}

/** A caller other than an admin asking to delete a task's record from Temporal. */
export class PurgeNotAllowed extends Error {
  constructor(readonly role: string) {
    super('only admins may purge tasks');
    this.name = 'PurgeNotAllowed';
  }
}

/**
 * A signal the task's type does not declare. `reviewInstead`: the `decision` a task waits on,
 * which is decided by a review, never sent as a signal.
 */
export class SignalNotDeclared extends Error {
  constructor(
    readonly taskId: string,
    readonly signal: string,
    readonly reviewInstead = false,
  ) {
    super(reviewInstead ? `task "${taskId}" takes no "${signal}" signal: decide with a review` : `task "${taskId}" declares no signal "${signal}"`);
    this.name = 'SignalNotDeclared';
  }
}

/** One thing wrong with a signal's payload: where in the payload (`path`), and what. */
export interface PayloadIssue {
  path: string[];
  message: string;
}

/** A signal payload the signal's declared schema refuses. */
export class InvalidSignalPayload extends Error {
  constructor(
    readonly taskId: string,
    readonly signal: string,
    readonly issues: PayloadIssue[],
  ) {
    super(issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; '));
    this.name = 'InvalidSignalPayload';
  }
}

/** A query the task's type does not declare (every task answers `progress`). */
export class QueryNotDeclared extends Error {
  constructor(
    readonly taskId: string,
    readonly query: string,
  ) {
    super(`task "${taskId}" declares no query "${query}"`);
    this.name = 'QueryNotDeclared';
  }
}

/** A cron expression Temporal cannot read, with Temporal's reason. */
export class InvalidCron extends Error {
  constructor(readonly reason: string) {
    super(`cron: Temporal cannot read it: ${reason}`);
    this.name = 'InvalidCron';
  }
}

/** How long to wait before asking a task again that no worker answered. */
export const NO_WORKER_RETRY_AFTER_SECONDS = 5;

/** No worker answered a task's query or update in time: none serves its queue, or all are busy. */
export class NoWorker extends Error {
  readonly retryAfterSeconds = NO_WORKER_RETRY_AFTER_SECONDS;

  constructor(
    readonly taskId: string,
    readonly queue: string,
    message: string,
    /** What the call to the worker failed with, for the log. */
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'NoWorker';
  }
}

/** A request naming its own fairness key from a caller that may not: only admins choose another key than their tasks'. */
export class FairnessKeyNotAllowed extends Error {
  constructor(readonly role: string) {
    super(`role ${role} may not choose a fairness key: tasks run under their type's key or their submitter's name`);
    this.name = 'FairnessKeyNotAllowed';
  }
}

/** A singleton submit with its own task id or idempotency key: a singleton's id is its type's and key's. */
export class SingletonWithChosenId extends Error {
  constructor() {
    super('mode: a singleton task takes the id of its type and key; leave out workflow_id and the Idempotency-Key header');
    this.name = 'SingletonWithChosenId';
  }
}

/** A debounced submit with an option a run chosen by its window cannot take: its own id, an idempotency key, a delay, singleton mode. */
export class DebounceWithStartOptions extends Error {
  constructor() {
    super('debounce: a debounced task takes the id its window chooses and starts when the window closes; leave out workflow_id, the Idempotency-Key header, delay and mode singleton');
    this.name = 'DebounceWithStartOptions';
  }
}

/**
 * A task asked to go again that is not in a state for it: a reset takes a task that failed, or
 * one whose workflow task keeps failing (stuck); a retry takes one that ended without a result.
 * `status` says what it is; `why` what it would need.
 */
export class TaskNotRetryable extends Error {
  constructor(
    readonly taskId: string,
    readonly status: TaskStatus,
    why: string,
  ) {
    super(`task "${taskId}" is ${status}: ${why}`);
    this.name = 'TaskNotRetryable';
  }
}

/** No bulk job of this id, or (for a submitter) none it started. */
export class BatchJobNotFound extends Error {
  constructor(readonly jobId: string) {
    super(`no bulk job "${jobId}"`);
    this.name = 'BatchJobNotFound';
  }
}

/** Temporal runs as many bulk jobs in the namespace as it allows at once: another must end first. */
export class BatchJobsBusy extends Error {
  constructor(options?: ErrorOptions) {
    super('Temporal is running as many bulk jobs in this namespace as it allows at once (frontend.MaxConcurrentBatchOperationPerNamespace); retry once one has ended', options);
    this.name = 'BatchJobsBusy';
  }
}

/**
 * A bulk signal needs its signal, and a filter naming one task type that is served (the signal
 * and its payload are checked against what that type declares).
 */
export class BatchSignalNeedsTaskName extends Error {
  constructor(
    readonly field: 'signal' | 'task_name',
    readonly taskName?: string,
  ) {
    super(
      field === 'signal'
        ? 'action "signal" needs signal: {name, payload}'
        : taskName === undefined
          ? 'action "signal" needs filter.task_name: the signal and its payload are checked against what that task type declares'
          : `action "signal" needs filter.task_name to name a task type this API serves; "${taskName}" is none`,
    );
    this.name = 'BatchSignalNeedsTaskName';
  }
}
