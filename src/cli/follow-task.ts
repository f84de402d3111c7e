import { setTimeout as sleep } from 'node:timers/promises';
import type { ResultAnswer, TaskEvent } from '../client/answers';
import type { ConveyorClient } from '../client/create-client';
import { ConveyorApiError } from '../client/errors';
import { exitCodeFor, isTerminal } from '../tasks/status';
import { printFailure, printResult } from './print-outcome';
import { progressLine } from './progress-line';

/** Streams that end without the task's terminal event (an API restart, a proxy timeout) are reopened this many times in a row. */
const MAX_RECONNECTS = 5;
const RECONNECT_PAUSE_MS = 1000;
/** The longest wait before reopening a stream the API refused for now (429, 503), whatever its Retry-After asks. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Follows a task through the Task API until it ends (`tasks watch`, `submit --wait`): its live
 * progress line on stderr (a stuck task's reason printed once), then its result on stdout, or
 * its failure on stderr. `jsonExtra` is merged into the `--json` outcome. Sets the exit code.
 */
export async function followTask(api: ConveyorClient, id: string, options: { json?: boolean; jsonExtra?: object } = {}): Promise<void> {
  const line = progressLine();
  let last: TaskEvent;
  try {
    last = await followToEnd(api, id, (event) => {
      if (event.status === 'queued') line.update(undefined);
      else if (event.progress) line.update(event.progress);
    });
  } finally {
    line.end();
  }
  // The stream carries progress and the failure, not the result: ask for the outcome once, by the
  // full id the stream named (the typed one may be a short id).
  const outcome: ResultAnswer = await api.outcome(last.task_id);
  if (options.json) console.log(JSON.stringify({ ...options.jsonExtra, ...outcome }, null, 2));
  else if (outcome.status === 'completed') printResult(outcome.result);
  else printFailure(outcome.status, outcome.failure ?? last.failure);
  process.exitCode = exitCodeFor(isTerminal(outcome.status) ? outcome.status : last.status);
}

/**
 * Reads the task's event stream until its terminal event, reopening a stream that ends early, and
 * one the API refused for now (too many open streams, Temporal busy) after the wait it asked for.
 */
export async function followToEnd(api: ConveyorClient, id: string, onEvent: (event: TaskEvent) => void): Promise<TaskEvent> {
  let pauseMs = RECONNECT_PAUSE_MS;
  let refusal: ConveyorApiError | undefined;
  // A reopened stream resumes after the last state seen: it does not send that state again.
  let lastEventId: string | undefined;
  for (let attempt = 0; attempt <= MAX_RECONNECTS; attempt++) {
    if (attempt > 0) await sleep(pauseMs);
    pauseMs = RECONNECT_PAUSE_MS;
    refusal = undefined;
    try {
      for await (const { data: update, id: eventId } of api.events(id, { lastEventId })) {
        attempt = 0;
        lastEventId = eventId;
        if (isTerminal(update.status)) return update;
        onEvent(update);
      }
    } catch (error) {
      if (!refusedForNow(error)) throw error;
      refusal = error;
      pauseMs = Math.min((error.retryAfterSeconds ?? RECONNECT_PAUSE_MS / 1000) * 1000, MAX_RETRY_AFTER_MS);
    }
  }
  // Refused to the last: the API's own words say why better than a count of attempts.
  if (refusal) throw refusal;
  throw new Error(`the event stream for task "${id}" kept ending before the task did (${MAX_RECONNECTS} reconnects)`);
}

/** A refusal that says "later", not "never": 429 (a cap or a limit) and 503 (Temporal busy or away). */
function refusedForNow(error: unknown): error is ConveyorApiError {
  return error instanceof ConveyorApiError && (error.status === 429 || error.status === 503);
}
