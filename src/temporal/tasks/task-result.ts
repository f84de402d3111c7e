import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { isTerminal } from '../../tasks/status';
import { readsEveryTask, type Caller } from '../caller';
import { holdsNul } from '../temporal-id';
import { endedOutcome, type TaskOutcome } from './await-outcome';
import { loadTask } from './load-task';
import { statusOf } from './task-view';

export interface TaskResult {
  /** The task's full id, whatever part of it the caller typed. */
  taskId: string;
  /** Its result or failure once it ended; only its status while it runs. */
  outcome: TaskOutcome;
}

/**
 * A task's result: its outcome if it has ended, else its status, after waiting up to `waitMs` for
 * the end (0: no wait), or until `stop` aborts (the API closing). Found as {@link loadTask} finds
 * a task, for reading.
 */
export async function readTaskResult(client: Client, typedId: string, caller: Caller, waitMs: number, stop?: AbortSignal): Promise<TaskResult> {
  if (waitMs > 0 && readsEveryTask(caller) && !holdsNul(typedId)) {
    // No ownership to check, so no describe first: a full id goes straight to the long poll.
    // One Temporal call per awaited task instead of two keeps the API close to the bare client
    // under load (bench/README.md). Only an id Temporal does not know is looked up as part of one.
    try {
      return { taskId: typedId, outcome: await followOutcome(client, client.workflow.getHandle(typedId), waitMs, stop) };
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
  const { taskId, handle, description } = await loadTask(client, typedId, caller, 'read');
  const status = statusOf(description);
  if (isTerminal(status)) return { taskId, outcome: await endedOutcome(handle) };
  if (waitMs === 0) return { taskId, outcome: { status } };
  return { taskId, outcome: await followOutcome(client, handle, waitMs, stop) };
}

/**
 * The outcome of a task this caller has just started: it waits up to `waitMs` for the end (or until
 * `stop` aborts), with no lookup first, since the start itself showed the task exists and is theirs.
 */
export async function startedTaskOutcome(client: Client, taskId: string, waitMs: number, stop?: AbortSignal): Promise<TaskOutcome> {
  return await followOutcome(client, client.workflow.getHandle(taskId), waitMs, stop);
}

/**
 * The task's outcome once it ends, or only its status when `waitMs` is over or `stop` aborts first.
 * `handle.result()` long-polls until the task ends, however long that is: the wait's end stops it.
 */
async function followOutcome(client: Client, handle: WorkflowHandle, waitMs: number, stop?: AbortSignal): Promise<TaskOutcome> {
  const stopFollowing = new AbortController();
  const timer = setTimeout(() => stopFollowing.abort(), waitMs);
  const stopNow = (): void => stopFollowing.abort();
  stop?.addEventListener('abort', stopNow, { once: true });
  try {
    // No long poll after a stop that came while the task was looked up: that stop fired no
    // listener, and the client cancels a call on the abort event only, never for a signal that
    // was aborted before the call.
    if (!stop?.aborted) {
      try {
        // The call that saw the end carries the outcome: no second round trip to Temporal.
        return await client.withAbortSignal(stopFollowing.signal, () => endedOutcome(handle));
      } catch (error) {
        if (!stopFollowing.signal.aborted) throw error;
      }
    }
    const status = statusOf(await handle.describe());
    // The task may have ended between the wait's end and the describe: then its outcome, not a
    // terminal status without the result.
    return isTerminal(status) ? await endedOutcome(handle) : { status };
  } finally {
    clearTimeout(timer);
    stop?.removeEventListener('abort', stopNow);
  }
}
