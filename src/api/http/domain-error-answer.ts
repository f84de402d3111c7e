import { ScheduleAlreadyRunning, ScheduleNotFoundError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { InvalidParamsError, InvalidQueueError, UnknownTaskError } from '../../tasks/errors';
import {
  AmbiguousTaskId,
  DecisionRefused,
  FilterTooBroad,
  IdempotencyConflict,
  InvalidCron,
  InvalidCursor,
  InvalidSignalPayload,
  NotAwaitingReview,
  NoWorker,
  PurgeNotAllowed,
  QueryNotDeclared,
  BatchJobNotFound,
  BatchJobsBusy,
  BatchSignalNeedsTaskName,
  ReadOnlyCaller,
  FairnessKeyNotAllowed,
  SingletonWithChosenId,
  DebounceWithStartOptions,
  ScheduleNotFound,
  ScopedIdTooLong,
  SignalNotDeclared,
  TaskFinished,
  TaskNotFound,
  TaskNotRetryable,
  TaskStillRunning,
  UnsearchableTaskId,
} from '../../temporal/store-errors';
import { ApiError } from './api-error';

const taskNotFound = (taskId: string): ApiError => new ApiError(404, 'task_not_found', new TaskNotFound(taskId).message);
const scheduleNotFound = (scheduleId: string): ApiError => new ApiError(404, 'schedule_not_found', new ScheduleNotFound(scheduleId).message);

/** One 400 about one request value: the message, and the field it names in `details.fields`. */
const invalidField = (message: string, field: string, requirement: string): ApiError =>
  new ApiError(400, 'invalid_request', message, { fields: [{ field, message: requirement }] });

/**
 * The answer to each named domain error (the registry's, the task store's, and the Temporal SDK's
 * own not-found and already-exists), by class; undefined for any other error. The store knows no
 * HTTP: its statuses, codes and headers are chosen here only.
 */
export function domainErrorAnswer(error: unknown): ApiError | undefined {
  if (error instanceof UnknownTaskError) return new ApiError(400, 'unknown_task', error.message, { known_tasks: error.knownTasks });
  if (error instanceof InvalidParamsError) {
    const fields = error.issues.map((issue) => ({ field: issue.field ? `parameters.${issue.field}` : 'parameters', message: issue.message }));
    return new ApiError(422, 'invalid_parameters', error.message, { fields });
  }
  if (error instanceof InvalidQueueError) return new ApiError(400, 'invalid_queue', error.message);
  if (error instanceof TaskNotFound) return taskNotFound(error.taskId);
  if (error instanceof ScheduleNotFound) return scheduleNotFound(error.scheduleId);
  if (error instanceof AmbiguousTaskId) return new ApiError(409, 'ambiguous_task_id', error.message, { candidates: error.candidates, more: error.more });
  if (error instanceof UnsearchableTaskId) return new ApiError(400, 'invalid_task_id', error.message);
  if (error instanceof InvalidCursor) return invalidField(error.message, 'querystring.cursor', error.reason);
  if (error instanceof FilterTooBroad) {
    return new ApiError(400, 'filter_too_broad', error.message, {
      fields: [{ field: 'querystring.status', message: error.reason }],
      running_tasks: error.runningTasks,
      max_running_tasks: error.maxRunningTasks,
    });
  }
  if (error instanceof ScopedIdTooLong) return invalidField(error.message, `body.${error.field}`, error.requirement);
  if (error instanceof IdempotencyConflict) return new ApiError(409, 'idempotency_conflict', error.message);
  if (error instanceof ReadOnlyCaller) return new ApiError(403, 'forbidden', error.message);
  if (error instanceof FairnessKeyNotAllowed) return new ApiError(403, 'forbidden', error.message, { fields: [{ field: 'body.fairness_key', message: 'admins only' }] });
  if (error instanceof DebounceWithStartOptions) return invalidField(error.message, 'body.debounce', 'takes no workflow_id, Idempotency-Key, delay or mode singleton');
  if (error instanceof SingletonWithChosenId) return invalidField(error.message, 'body.mode', 'a singleton takes no workflow_id or Idempotency-Key');
  if (error instanceof NotAwaitingReview) return new ApiError(409, 'not_awaiting_review', error.message);
  if (error instanceof DecisionRefused) return new ApiError(422, 'invalid_review', error.message);
  if (error instanceof TaskFinished) return new ApiError(409, 'task_finished', error.message);
  if (error instanceof TaskNotRetryable) return new ApiError(409, 'task_not_retryable', error.message, { status: error.status });
  if (error instanceof TaskStillRunning) return new ApiError(409, 'task_running', error.message);
  if (error instanceof PurgeNotAllowed) return new ApiError(403, 'forbidden', error.message);
  if (error instanceof SignalNotDeclared) {
    const message = error.reviewInstead ? `task "${error.taskId}" takes no "${error.signal}" signal: decide with POST /tasks/{id}/review` : error.message;
    return new ApiError(404, 'signal_not_declared', message);
  }
  if (error instanceof InvalidSignalPayload) {
    const fields = error.issues.map((issue) => ({ field: ['body', ...issue.path].join('.'), message: issue.message }));
    return new ApiError(422, 'invalid_signal_payload', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
  }
  if (error instanceof BatchJobNotFound) return new ApiError(404, 'batch_job_not_found', error.message);
  if (error instanceof BatchJobsBusy) return new ApiError(429, 'batch_jobs_busy', error.message, undefined, { 'retry-after': '5' });
  if (error instanceof BatchSignalNeedsTaskName) return invalidField(error.message, `body.${error.field === 'signal' ? 'signal' : 'filter.task_name'}`, error.message);
  if (error instanceof QueryNotDeclared) return new ApiError(404, 'query_not_declared', error.message);
  if (error instanceof InvalidCron) return new ApiError(400, 'invalid_cron', error.message, { fields: [{ field: 'body.cron', message: error.reason }] });
  if (error instanceof NoWorker) return new ApiError(503, 'no_worker', error.message, undefined, { 'retry-after': String(error.retryAfterSeconds) });
  if (error instanceof WorkflowNotFoundError) return taskNotFound(error.workflowId);
  if (error instanceof WorkflowExecutionAlreadyStartedError) return new ApiError(409, 'task_exists', `a task with id "${error.workflowId}" already exists`);
  if (error instanceof ScheduleNotFoundError) return scheduleNotFound(error.scheduleId);
  if (error instanceof ScheduleAlreadyRunning) return new ApiError(409, 'schedule_exists', `a schedule with id "${error.scheduleId}" already exists`);
  return undefined;
}
