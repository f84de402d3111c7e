import { isTerminal, type TaskStatus } from '../../tasks/status';
import type { Caller } from '../caller';
import { TaskFinished } from '../store-errors';
import type { LoadedTask } from './load-task';
import { statusOf } from './task-view';

/** cancel: ask the task to stop (its activities learn it at their next heartbeat); terminate: end it at once. */
export type StopMode = 'cancel' | 'terminate';

/** What stopping a task did: terminated it, or asked it to cancel (`status` is its status when asked). */
export type TaskStopped = { action: 'terminated'; status: 'terminated' } | { action: 'cancel_requested'; status: TaskStatus };

/**
 * Cancels or terminates a running task (`loaded` for writing). A terminated task records `reason`,
 * else who terminated it. A task that already ended is {@link TaskFinished}, with how it ended.
 */
export async function stopTask(loaded: LoadedTask, caller: Caller, mode: StopMode, reason?: string): Promise<TaskStopped> {
  const status = statusOf(loaded.description);
  if (isTerminal(status)) throw new TaskFinished(loaded.taskId, status);
  if (mode === 'terminate') {
    await loaded.handle.terminate(reason ?? `terminated by ${caller.name}`);
    return { action: 'terminated', status: 'terminated' };
  }
  await loaded.handle.cancel();
  return { action: 'cancel_requested', status };
}
