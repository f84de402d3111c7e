import { setTimeout as sleep } from 'node:timers/promises';
import type { ResultAnswer, TaskEvent } from '../client/answers';
import type { ConveyorClient } from '../client/create-client';
import { exitCodeFor, isTerminal } from '../tasks/status';
import { printFailure, printResult } from './print-outcome';
import { progressLine } from './progress-line';

/** Streams that end without the task's terminal event (an API restart, a proxy timeout) are reopened this many times in a row. */
const MAX_RECONNECTS = 5;
const RECONNECT_PAUSE_MS = 1000;

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

/** Reads the task's event stream until its terminal event, reopening a stream that ends early. */
async function followToEnd(api: ConveyorClient, id: string, onEvent: (event: TaskEvent) => void): Promise<TaskEvent> {
  for (let attempt = 0; attempt <= MAX_RECONNECTS; attempt++) {
    if (attempt > 0) await sleep(RECONNECT_PAUSE_MS);
    for await (const { data: update } of api.events(id)) {
      attempt = 0;
      if (isTerminal(update.status)) return update;
      onEvent(update);
    }
  }
  throw new Error(`the event stream for task "${id}" kept ending before the task did (${MAX_RECONNECTS} reconnects)`);
}
