import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonClient } from './http-client';

/** What one step of `example_step_sequence` reports: which step, and the attempt that completed it. */
export interface StepResult {
  step: number;
  attempt: number;
}

/** One task as the benchmark's client saw it: submitted under a key, awaited to its end. */
export interface TaskOutcome {
  key: string;
  /** Every task id the API named for this key, over all its answers (one when idempotency holds). */
  taskIds: Set<string>;
  /** Submits sent again after an error, the same request with the same key. */
  submitRetries: number;
  /** The API answered 200 (`existing`): an earlier attempt of this key had started the task. */
  replayed: boolean;
  /**
   * Answers of 200 `completed` that carried no result: the API's long poll ran out as the task
   * ended, and it answered the status alone. Asked again (without waiting), which gives the result.
   */
  resultlessAnswers: number;
  /** The result's status and steps; undefined if it never came before the deadline. */
  status?: string;
  steps?: StepResult[];
  doneAt?: number;
}

/** A pause between attempts: short, as a client that retries at once would, without spinning. */
const RETRY_PAUSE_MS = 200;
/** A request without an answer this long counts as failed (and is sent again). */
const REQUEST_TIMEOUT_MS = 30_000;

/** An answer that says "try again": no answer at all, or the API or Temporal failing (5xx). */
const isRetryable = (answer: { status: number } | undefined): boolean => answer === undefined || answer.status >= 500;

/**
 * Submits one task with an `Idempotency-Key` and sends the same request with the same key again
 * after a connection error, a reset, a timeout or a 5xx, until the API accepts it (201, or 200 when
 * a lost attempt had started it). Any other answer is a failure of the benchmark.
 */
export async function submitWithKey(http: JsonClient, outcome: TaskOutcome, body: unknown, deadline: number): Promise<string | undefined> {
  const options = { headers: { 'idempotency-key': outcome.key }, timeoutMs: REQUEST_TIMEOUT_MS };
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    if (attempt > 0) outcome.submitRetries++;
    const answer = await http.request<{ task_id: string }>('POST', '/tasks', body, options).catch(() => undefined);
    if (answer?.status === 201 || answer?.status === 200) {
      outcome.taskIds.add(answer.body.task_id);
      if (answer.status === 200) outcome.replayed = true;
      return answer.body.task_id;
    }
    if (!isRetryable(answer)) throw new Error(`submit of key ${outcome.key} answered ${answer?.status}: ${JSON.stringify(answer?.body)}`);
    await sleep(RETRY_PAUSE_MS);
  }
  return undefined;
}

/** Awaits the task's end through the API (`?wait=20s`), asking again while the API or Temporal is down. */
export async function awaitResult(http: JsonClient, outcome: TaskOutcome, taskId: string, deadline: number): Promise<void> {
  let path = `/tasks/${encodeURIComponent(taskId)}/result?wait=20s`;
  while (Date.now() < deadline) {
    const answer = await http.request<{ status: string; result?: { steps?: StepResult[] } }>('GET', path, undefined, { timeoutMs: REQUEST_TIMEOUT_MS }).catch(() => undefined);
    if (answer?.status === 200 && answer.body.status === 'completed' && answer.body.result === undefined) {
      outcome.resultlessAnswers++;
      path = `/tasks/${encodeURIComponent(taskId)}/result`;
      continue;
    }
    if (answer?.status === 200) {
      outcome.status = answer.body.status;
      outcome.steps = answer.body.result?.steps;
      outcome.doneAt = performance.now();
      return;
    }
    if (answer?.status !== 202) await sleep(RETRY_PAUSE_MS);
  }
}
