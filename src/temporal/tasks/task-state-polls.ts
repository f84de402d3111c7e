import type { Client, WorkflowHandle } from '@temporalio/client';
import { isTerminal } from '../../tasks/status';
import { TASK_POLL_MS } from '../deadlines';
import { taskState, type TaskState } from './task-view';

export interface TaskStateListener {
  /** The task's state as of a read (each read's, changed or not; the last one is terminal). */
  update(state: TaskState): void;
  /** A read failed: the poll is over for every listener. */
  fail(error: unknown): void;
}

/** One task's read loop and the streams it serves. */
class TaskStatePoll {
  readonly listeners = new Set<TaskStateListener>();
  latest: TaskState | undefined;
  readonly loop: Promise<void>;
  private wake: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly client: Client,
    private readonly handle: WorkflowHandle,
    first: TaskStateListener,
    onOver: () => void,
  ) {
    this.listeners.add(first);
    this.loop = this.run(onOver);
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  /** Lets a sleeping loop see that its last listener left. */
  nudge(): void {
    if (this.listeners.size === 0) this.wake?.();
  }

  private async run(onOver: () => void): Promise<void> {
    try {
      while (this.listeners.size > 0 && !this.stopped) {
        const state = await taskState(this.client, this.handle, await this.handle.describe());
        this.latest = state;
        for (const listener of [...this.listeners]) listener.update(state);
        if (isTerminal(state.status)) return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, TASK_POLL_MS);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } catch (error) {
      for (const listener of [...this.listeners]) listener.fail(error);
    } finally {
      // In the same turn as the last read: nobody joins a loop that has ended.
      onOver();
    }
  }
}

/**
 * The state of each task someone follows live (GET /tasks/{id}/events), read from Temporal by one
 * loop per task however many streams follow it: a task on a hundred screens costs what it costs on
 * one. The loop starts with the first follower and stops after the last one, or at the task's end.
 */
export class TaskStatePolls {
  private readonly polls = new Map<string, TaskStatePoll>();
  private closed = false;

  constructor(private readonly client: Client) {}

  /** Follows the task `handle` names (its latest run); returns the unsubscribe. */
  follow(handle: WorkflowHandle, listener: TaskStateListener): () => void {
    if (this.closed) {
      listener.fail(new Error('the API is closing'));
      return () => undefined;
    }
    const id = handle.workflowId;
    const running = this.polls.get(id);
    if (running) {
      running.listeners.add(listener);
      // A follower that joins a running loop starts from its last read, not a poll interval later.
      if (running.latest) listener.update(running.latest);
    }
    const poll =
      running ??
      new TaskStatePoll(this.client, handle, listener, () => {
        if (this.polls.get(id) === poll) this.polls.delete(id);
      });
    this.polls.set(id, poll);
    return () => {
      poll.listeners.delete(listener);
      poll.nudge();
    };
  }

  /** Stops every loop; resolves once no call to Temporal is under way (before its connection closes). */
  async close(): Promise<void> {
    this.closed = true;
    const polls = [...this.polls.values()];
    for (const poll of polls) poll.stop();
    await Promise.all(polls.map((poll) => poll.loop));
  }
}
