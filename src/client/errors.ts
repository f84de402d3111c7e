import type { DebouncedAnswer, FailureSummary, TaskStatus } from './answers';

/**
 * The Task API refused a request, in its own error shape: `status` is the HTTP status, `code` and
 * `message` the API's (`task_not_found`, `invalid_parameters`, ...). A 4xx is the caller's
 * mistake; a 5xx, the service's. Answers that are not the API's keep the HTTP status (`http_404`).
 */
export class ConveyorApiError extends Error {
  override name = 'ConveyorApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Seconds the API asked the caller to wait before trying again (`Retry-After`: 429, 503), when it said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** True for a 4xx: fix the request rather than retry it. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

/** No answer from the API at `url`: not running there, or the network between is down. */
export class ConveyorUnreachableError extends Error {
  override name = 'ConveyorUnreachableError';
  constructor(
    readonly url: string,
    detail: string,
  ) {
    super(`cannot reach the Conveyor API at ${url} (${detail})`);
  }
}

/** The task ended without a result: it failed, was cancelled, terminated or timed out. */
export class TaskFailedError extends Error {
  override name = 'TaskFailedError';
  constructor(
    readonly taskId: string,
    readonly status: Exclude<TaskStatus, 'queued' | 'running' | 'completed'>,
    readonly failure: FailureSummary | undefined,
  ) {
    super(failure ? `task ${taskId} ${status}: ${failure.type}: ${failure.message}` : `task ${taskId} ${status}`);
  }
}

/** The task was still queued or running when the wait for its result ended. */
export class TaskNotFinishedError extends Error {
  override name = 'TaskNotFinishedError';
  constructor(
    readonly taskId: string,
    readonly status: 'queued' | 'running',
  ) {
    super(`task ${taskId} is still ${status}`);
  }
}

/**
 * `submit()` of a task type that debounces its submits by default: the API accepted the submit
 * into its window (nothing is lost) and answered with the task that will run, which this carries.
 * `debounce()` is the call for such a type: it answers with that task's handle.
 */
export class TaskDebouncedError extends Error {
  override name = 'TaskDebouncedError';
  constructor(readonly debounced: DebouncedAnswer) {
    super(`accepted and debounced: task ${debounced.task_id} runs at ${debounced.runs_at} at the earliest (the task type debounces its submits; use debounce() for a handle)`);
  }
}
