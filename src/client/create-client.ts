import type { AnyTaskDefinition, TaskName, TaskParams, TaskResult } from '../tasks/define-task';
import { isTerminal } from '../tasks/status';
import type { BatchCount, BatchJob, BatchStarted, CancelAnswer, FailuresAnswer, DebouncedAnswer, QueueFlow, QueueWorkers, ResetAnswer, ResultAnswer, RetryAnswer, ReviewAnswer, SubmitAnswer, TaskDetail, TaskEvent, TaskPage, TaskType } from './answers';
import { durationMs, type DurationInput } from '../duration';
import { ConveyorApiError, TaskDebouncedError, TaskFailedError, TaskNotFinishedError } from './errors';
import { createHttpClient, taskPath } from './http';
import { scheduleClient, type ScheduleClient } from './schedules';
import { askThroughRestart, RESTART_WINDOW_MS } from './through-restart';

/**
 * Longest single `?wait=` the client asks the API for; longer waits repeat it. It stays under the
 * API's default CONVEYOR_RESULT_WAIT_MAX (60s); an API with a lower maximum names it when refusing.
 */
const WAIT_CHUNK_MS = 30_000;
/** How long past its `?wait=` a request may take before the client gives up on it. */
const WAIT_SLACK_MS = 15_000;

export interface ClientOptions {
  /** The Task API's base URL, e.g. `http://127.0.0.1:8000`. */
  url: string;
  /** Sent as a Bearer key; never logged or put in a URL. */
  apiKey?: string | undefined;
}

export interface SubmitOptions {
  /** Run on this queue instead of the task's own. */
  queue?: string;
  /** The task id to use; a repeat with the same parameters returns the same task. */
  id?: string;
  /** Makes the submit safe to retry: the same key and body return the same task (the `Idempotency-Key` header). */
  idempotencyKey?: string;
  /** Start later: seconds, or a duration such as `"5m"`. */
  delay?: DurationInput;
  /** Temporal's priority key: 1 runs first, 5 last; Temporal's default (3) when left out. */
  priority?: number;
  /**
   * Waits up to this long for the task to end, in the submit's own request (`POST /tasks?wait=`;
   * at most the API's CONVEYOR_RESULT_WAIT_MAX, else refused with nothing started): a task that
   * ended by then has its result in `submission`, and `result()` answers without asking again.
   */
  wait?: DurationInput;
  /** Admins only: the fairness key to run under instead of the task type's or the caller's name. */
  fairnessKey?: string;
  /**
   * `singleton`: while a task of this type with the same key runs, the submit answers that task
   * (`submission.existing`) instead of starting another; `start`: a new task now, also for a type
   * that debounces its submits by default. The task type's defaults when left out.
   */
  mode?: 'start' | 'singleton';
}

/** What `setQueueLimits` changes; `null` lifts a limit, or puts a key's weight back to 1. Left out: unchanged. */
export interface QueueLimitsChange {
  /** Activities per second on the queue. */
  rateLimit?: number | null;
  /** Activities per second per fairness key. */
  keyRateLimit?: number | null;
  fairnessWeights?: Record<string, number | null>;
}

export interface DebounceOptions {
  /** How long the window waits for another submit: seconds, or a duration such as `"30s"`. */
  window: DurationInput;
  /** The longest a run waits after its window's first submit. */
  maxWait?: DurationInput;
  queue?: string;
  priority?: number;
  /** Admins only: the fairness key to run under. */
  fairnessKey?: string;
}

/** A handle on the task a debounced submit will run, with the API's answer (when it starts at the earliest, how many submits it holds). */
export interface DebouncedTask<Result = unknown> extends TaskHandle<Result> {
  readonly debounced: DebouncedAnswer;
}

export interface ResultOptions {
  /** Wait at most this long (seconds, or `"30s"`); without it, until the task ends. */
  wait?: DurationInput;
}

export interface CancelOptions {
  /** End it at once instead of asking it to stop: no cleanup runs in the task. */
  terminate?: boolean;
  /** Recorded with a termination. */
  reason?: string;
}


/** `POST /tasks/batch`: what to do to every task `filter` matches (GET /tasks's filters; a submitter's are narrowed to its own tasks). */
export interface BatchRequest {
  filter: TaskFilter;
  action: 'cancel' | 'terminate' | 'signal' | 'rerun';
  reason?: string;
  /** For `signal`: a signal the filter's task type declares, and its payload. */
  signal?: { name: string; payload?: unknown };
}

export interface ResetOptions {
  /** Recorded in Temporal after the caller's name. */
  reason?: string;
}

export interface RetryOptions {
  /** The new task's parameters; the old task's when left out. */
  parameters?: Record<string, unknown>;
}

/** A reviewer's decision on a task awaiting review (`POST /tasks/{id}/review`). */
export interface ReviewDecision {
  decision: 'approve' | 'reject';
  comment?: string;
  /** On whose behalf the caller decides, kept as `on_behalf_of`; the recorded reviewer is always the caller (its key's or user's name). */
  reviewer?: string;
  /** An edited summary replacing the draft's, with `approve`, for task types that take one. */
  summary?: string;
}

/** The tasks GET /tasks and POST /tasks/batch select. */
export interface TaskFilter {
  /** Statuses, comma-separated or as a list. */
  status?: string | readonly string[];
  task_name?: string;
  queue?: string;
  submitter?: string;
  /** Only the runs this schedule started. */
  schedule_id?: string;
  created_after?: string;
  created_before?: string;
  /** Only failed tasks whose failure has this type (`failure_type` in `failures()`). */
  failure_type?: string;
}

/** A page of GET /tasks: its filters and where the page starts. */
export interface ListFilter extends TaskFilter {
  /** Tasks per page, 1 to 1000. */
  limit?: number;
  /** Tasks to skip, at most 10000; not with `cursor`. */
  offset?: number;
  /** A page's `next_cursor`; not with `offset`. */
  cursor?: string;
}

/** A task, by id. `Result` is what its workflow returns (typed when the task's type is given). */
export interface TaskHandle<Result = unknown> {
  readonly id: string;
  /** `GET /tasks/{id}`: status, progress, timings, failure. */
  status(): Promise<TaskDetail>;
  /**
   * The task's result once it completed. Throws {@link TaskFailedError} if it ended otherwise, and
   * {@link TaskNotFinishedError} if it is still going when `wait` runs out.
   */
  result(options?: ResultOptions): Promise<Result>;
  cancel(options?: CancelOptions): Promise<CancelAnswer>;
  /** Retries a failed or stuck task from its failed step (a new run of the same task); 409 `task_not_retryable` otherwise. */
  reset(options?: ResetOptions): Promise<ResetAnswer>;
  /** Retries a task that ended without a result as a new task, with new or the same parameters; 409 `task_not_retryable` otherwise. */
  retry(options?: RetryOptions): Promise<RetryAnswer>;
  /** Approves or rejects the task while it awaits review; 409 `not_awaiting_review` otherwise. */
  review(decision: ReviewDecision): Promise<ReviewAnswer>;
}

/** A handle on a task just submitted, with the API's answer (its queue, status, start delay; 200 for an idempotent repeat). */
export interface SubmittedTask<Result = unknown> extends TaskHandle<Result> {
  readonly submission: SubmitAnswer;
}

/**
 * The Task API for application code. Every refusal is a `ConveyorApiError` carrying the API's code and message.
 * Wherever an `id` is asked for, a unique prefix or suffix of a task id (its `short_id`) works too;
 * one that fits several tasks is refused with 409 `ambiguous_task_id`, its `details.candidates` listing them.
 */
export interface ConveyorClient {
  readonly url: string;
  /**
   * Submits a task. Give the task's type for typed parameters and result:
   * `client.submit<typeof greet>('greet', { name: 'Ada' })` (a type-only import of the task).
   */
  submit<T extends AnyTaskDefinition = AnyTaskDefinition>(name: TaskName<T>, params: TaskParams<T>, options?: SubmitOptions): Promise<SubmittedTask<TaskResult<T>>>;
  /**
   * Submits with a debounce window (`POST /tasks` with `debounce`): submits of this type, caller
   * and key within `window` of each other collapse into one run with the last parameters, which
   * starts once `window` passes without another (or `maxWait` after the first). Every submit of a
   * window answers with the same task; `result()` waits for its run.
   */
  debounce<T extends AnyTaskDefinition = AnyTaskDefinition>(name: TaskName<T>, params: TaskParams<T>, options: DebounceOptions): Promise<DebouncedTask<TaskResult<T>>>;
  /** A handle on a task that exists already. */
  task<T extends AnyTaskDefinition = AnyTaskDefinition>(id: string): TaskHandle<TaskResult<T>>;
  get(id: string): Promise<TaskDetail>;
  list(filter?: ListFilter): Promise<TaskPage>;
  types(): Promise<TaskType[]>;
  /** `GET /workers`: who polls each queue (default: every queue of the API's task types). */
  workers(options?: { queues?: string[] }): Promise<QueueWorkers[]>;
  /** `GET /queues`: each queue's rate limits (declared and applied), fairness weights, drift and backlog per fairness key. */
  queues(options?: { queues?: string[] }): Promise<QueueFlow[]>;
  /** `PATCH /queues/{queue}` (admins): sets or, with `null`, lifts a queue's rate limits and fairness weights in Temporal. */
  setQueueLimits(queue: string, change: QueueLimitsChange): Promise<QueueFlow>;
  /** `GET /tasks/{id}/result`, waiting up to `wait` for the end: the answer as it is, ended or not. */
  outcome(id: string, options?: ResultOptions): Promise<ResultAnswer>;
  cancel(id: string, options?: CancelOptions): Promise<CancelAnswer>;
  /**
   * `POST /tasks/{id}/reset`: a failed or stuck task goes again from its failed step. Temporal
   * resets it to the workflow task before its first failure: the same task id, a new run that
   * keeps the results of the steps that completed and runs the failed one again.
   */
  reset(id: string, options?: ResetOptions): Promise<ResetAnswer>;
  /** `POST /tasks/{id}/retry`: a new task of the same type, with `parameters` or the old task's, naming the old one (`retry_of`). */
  retry(id: string, options?: RetryOptions): Promise<RetryAnswer>;
  /** `POST /tasks/{id}/review`: approves or rejects a task awaiting review (the first decision wins). */
  review(id: string, decision: ReviewDecision): Promise<ReviewAnswer>;
  /** `GET /failures`: failed, timed-out and stuck tasks grouped by task type and failure type. */
  failures(options?: { since?: string; taskName?: string }): Promise<FailuresAnswer>;
  /** `POST /tasks/batch` with `dry_run`: how many tasks the bulk action would touch now. */
  countBatch(request: BatchRequest): Promise<BatchCount>;
  /** `POST /tasks/batch`: cancels, terminates, signals or re-runs every task the filter matches, as one job. */
  startBatch(request: BatchRequest): Promise<BatchStarted>;
  /** `GET /tasks/batch/{job_id}`: a bulk job's progress. */
  batchJob(jobId: string): Promise<BatchJob>;
  /**
   * The task's live events (`status` events, then its terminal event: `completed`, `failed`, ...)
   * until the server ends the stream. One the server ends to be opened again (its `reconnect`
   * event: the stream's longest life, a server shutting down) is opened again at once, resuming
   * after the last event's `id` (Last-Event-ID), so no state comes twice; an API that is
   * restarting meanwhile is asked again until it answers (see `askThroughRestart`). One the server gives up
   * on (its `error` event) or that breaks just ends: open it again with `lastEventId` set to the
   * last event's `id` to resume.
   */
  events(id: string, options?: { lastEventId?: string | undefined }): AsyncGenerator<{ event: string; data: TaskEvent; id?: string }>;
  /** Schedules that submit a task on cron times (`/schedules`). */
  readonly schedules: ScheduleClient;
}

/** A typed client over the Task API (`conveyor/client`). */
export function createClient(options: ClientOptions): ConveyorClient {
  const http = createHttpClient(options);

  // The longest wait the API takes in one request, as far as this client knows (it says when asked for more).
  let waitChunkMs = WAIT_CHUNK_MS;

  async function outcome(id: string, { wait }: ResultOptions = {}): Promise<ResultAnswer> {
    const waitMs = wait === undefined ? 0 : durationMs(wait);
    const deadline = Date.now() + waitMs;
    let answered = false;
    for (;;) {
      const chunkMs = Math.max(0, Math.min(waitChunkMs, deadline - Date.now()));
      const query = chunkMs > 0 ? { wait: (chunkMs / 1000).toFixed(3) } : undefined;
      const ask = () => http.request<ResultAnswer>('GET', taskPath(id, '/result'), { query, timeoutMs: chunkMs + WAIT_SLACK_MS });
      let body: ResultAnswer;
      try {
        // An API that answered the wait so far and now cannot be reached is restarting (a stopping
        // API answers its waits at once): the next one is asked until it answers.
        ({ body } = await (answered ? askThroughRestart(ask, Math.min(RESTART_WINDOW_MS, deadline - Date.now())) : ask()));
      } catch (error) {
        const limitMs = serverWaitLimitMs(error);
        if (limitMs === undefined || limitMs >= chunkMs) throw error;
        waitChunkMs = limitMs; // CONVEYOR_RESULT_WAIT_MAX is lower there: wait in shorter requests
        continue;
      }
      answered = true;
      if (isTerminal(body.status) || Date.now() >= deadline) return body;
    }
  }

  const cancel = async (id: string, { terminate, reason }: CancelOptions = {}): Promise<CancelAnswer> =>
    (await http.request<CancelAnswer>('POST', taskPath(id, '/cancel'), { query: { mode: terminate ? 'terminate' : undefined, reason } })).body;
  const reset = async (id: string, { reason }: ResetOptions = {}): Promise<ResetAnswer> =>
    (await http.request<ResetAnswer>('POST', taskPath(id, '/reset'), { body: reason === undefined ? undefined : { reason } })).body;
  const retry = async (id: string, { parameters }: RetryOptions = {}): Promise<RetryAnswer> =>
    (await http.request<RetryAnswer>('POST', taskPath(id, '/retry'), { body: parameters === undefined ? undefined : { parameters } })).body;
  const review = async (id: string, decision: ReviewDecision): Promise<ReviewAnswer> =>
    (await http.request<ReviewAnswer>('POST', taskPath(id, '/review'), { body: decision })).body;
  const get = async (id: string): Promise<TaskDetail> => (await http.request<TaskDetail>('GET', taskPath(id))).body;

  /** A handle on task `id`; `ended`, the outcome already known (a submit that waited), spares `result()` a request. */
  function task<Result>(id: string, ended?: ResultAnswer): TaskHandle<Result> {
    return {
      id,
      status: () => get(id),
      async result(resultOptions = {}) {
        const answer = ended ?? (await outcome(id, { wait: resultOptions.wait ?? Infinity }));
        if (answer.status === 'completed') return answer.result as Result;
        if (answer.status === 'queued' || answer.status === 'running') throw new TaskNotFinishedError(id, answer.status);
        throw new TaskFailedError(id, answer.status, answer.failure);
      },
      cancel: (cancelOptions) => cancel(id, cancelOptions),
      reset: (resetOptions) => reset(id, resetOptions),
      retry: (retryOptions) => retry(id, retryOptions),
      review: (decision) => review(id, decision),
    };
  }

  return {
    url: http.url,
    async submit(name, params, submitOptions = {}) {
      const waitMs = submitOptions.wait === undefined ? 0 : durationMs(submitOptions.wait);
      // One request waits a bounded time; `result()` is the way to wait for as long as it takes.
      if (waitMs === Infinity) throw new RangeError("submit's wait must be a duration such as 30s: one request waits a bounded time (result() waits as long as it takes)");
      const { status, body } = await http.request<SubmitAnswer>('POST', '/tasks', {
        ...(waitMs > 0 ? { query: { wait: (waitMs / 1000).toFixed(3) }, timeoutMs: waitMs + WAIT_SLACK_MS } : {}),
        body: {
          task_name: name,
          parameters: params,
          queue: submitOptions.queue,
          workflow_id: submitOptions.id,
          delay: submitOptions.delay,
          priority: submitOptions.priority,
          fairness_key: submitOptions.fairnessKey,
          mode: submitOptions.mode,
        },
        headers: submitOptions.idempotencyKey ? { 'idempotency-key': submitOptions.idempotencyKey } : {},
      });
      if (status === 202) throw new TaskDebouncedError(body as unknown as DebouncedAnswer);
      const ended = isTerminal(body.status) ? { task_id: body.task_id, status: body.status, result: body.result, failure: body.failure } : undefined;
      return { ...task(body.task_id, ended), submission: body };
    },
    async debounce(name, params, debounceOptions) {
      const window = (value: DurationInput) => durationMs(value) / 1000;
      const { body } = await http.request<DebouncedAnswer>('POST', '/tasks', {
        body: {
          task_name: name,
          parameters: params,
          queue: debounceOptions.queue,
          priority: debounceOptions.priority,
          fairness_key: debounceOptions.fairnessKey,
          debounce: { window: window(debounceOptions.window), max_wait: debounceOptions.maxWait === undefined ? undefined : window(debounceOptions.maxWait) },
        },
      });
      return { ...task(body.task_id), debounced: body };
    },
    task: (id) => task(id),
    get,
    async list(filter = {}) {
      const { status, ...rest } = filter;
      const query = { ...rest, status: Array.isArray(status) ? status.join(',') : (status as string | undefined) };
      return (await http.request<TaskPage>('GET', '/tasks', { query })).body;
    },
    types: async () => (await http.request<{ types: TaskType[] }>('GET', '/tasks/types')).body.types,
    workers: async ({ queues } = {}) => (await http.request<{ queues: QueueWorkers[] }>('GET', '/workers', { query: { queues: queues?.join(',') } })).body.queues,
    queues: async ({ queues } = {}) => (await http.request<{ queues: QueueFlow[] }>('GET', '/queues', { query: { queues: queues?.join(',') } })).body.queues,
    setQueueLimits: async (queue, change) =>
      (
        await http.request<QueueFlow>('PATCH', `/queues/${encodeURIComponent(queue)}`, {
          body: { rate_limit: change.rateLimit, key_rate_limit: change.keyRateLimit, fairness_weights: change.fairnessWeights },
        })
      ).body,
    outcome,
    cancel,
    reset,
    retry,
    review,
    failures: async ({ since, taskName } = {}) => (await http.request<FailuresAnswer>('GET', '/failures', { query: { since, task_name: taskName } })).body,
    countBatch: async (request) => (await http.request<BatchCount>('POST', '/tasks/batch', { body: batchBody(request, true) })).body,
    startBatch: async (request) => (await http.request<BatchStarted>('POST', '/tasks/batch', { body: batchBody(request, false) })).body,
    batchJob: async (jobId) => (await http.request<BatchJob>('GET', `/tasks/batch/${encodeURIComponent(jobId)}`)).body,
    async *events(id, { lastEventId } = {}) {
      for (let reopened = false, reopen = true; reopen; reopened = true) {
        reopen = false;
        const open = () => http.openEvents(taskPath(id, '/events'), { lastEventId });
        // The server that asked for a reconnect may be restarting: the next one is asked until it answers.
        for await (const event of await (reopened ? askThroughRestart(open) : open())) {
          if (event.event === 'reconnect') reopen = true;
          if (event.event === 'error' || event.event === 'reconnect') break;
          lastEventId = event.id;
          yield { event: event.event, data: JSON.parse(event.data) as TaskEvent, ...(event.id === undefined ? {} : { id: event.id }) };
        }
      }
    },
    schedules: scheduleClient(http),
  };
}

/** The API's longest `?wait=`, when `error` is its refusal of a longer one. */
function serverWaitLimitMs(error: unknown): number | undefined {
  if (!(error instanceof ConveyorApiError) || error.code !== 'invalid_request') return undefined;
  const seconds = (error.details as { max_wait_seconds?: unknown } | undefined)?.max_wait_seconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : undefined;
}

/** POST /tasks/batch's body; a list of statuses is sent as the API reads it, comma-separated. */
function batchBody(request: BatchRequest, dryRun: boolean) {
  const { status, ...filter } = request.filter;
  return { ...request, filter: { ...filter, status: typeof status === 'string' || status === undefined ? status : status.join(',') }, dry_run: dryRun };
}
