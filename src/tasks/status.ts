import type { WorkflowExecutionStatusName } from '@temporalio/client';

/**
 * The one status vocabulary of Conveyor, shared by the CLI, the API and the dashboard.
 * A running task may report a finer `stage` in its progress (e.g. `awaiting_review`).
 */
export const TASK_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled', 'terminated', 'timed_out'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * The stage a running task reports while a worker keeps failing its workflow task (a workflow
 * type the worker does not export, an error thrown in workflow code, a non-determinism error):
 * Temporal retries it until the worker or the code is fixed; the failure says why.
 */
export const WORKFLOW_TASK_FAILING_STAGE = 'workflow_task_failing';

const TERMINAL: ReadonlySet<TaskStatus> = new Set(['completed', 'failed', 'cancelled', 'terminated', 'timed_out']);

/** True once a task can no longer change: stop polling, show the outcome. */
export function isTerminal(status: TaskStatus): boolean {
  return TERMINAL.has(status);
}

/**
 * Maps a Temporal execution status to Conveyor's. `started` tells a running execution a worker
 * has taken apart from one still waiting for a worker (or for its start delay).
 * CONTINUED_AS_NEW is never the answer for a task: callers describe the latest run instead.
 */
export function toTaskStatus(status: WorkflowExecutionStatusName, started = true): TaskStatus {
  switch (status) {
    case 'RUNNING':
    case 'CONTINUED_AS_NEW':
      return started ? 'running' : 'queued';
    case 'COMPLETED':
      return 'completed';
    case 'FAILED':
      return 'failed';
    case 'CANCELLED':
      return 'cancelled';
    case 'TERMINATED':
      return 'terminated';
    case 'TIMED_OUT':
      return 'timed_out';
    case 'PAUSED':
      return 'running';
    case 'UNSPECIFIED':
    case 'UNKNOWN':
      return 'running';
  }
}

/** Exit code for a finished task, for the CLI: 0 only for success. */
export function exitCodeFor(status: TaskStatus): 0 | 1 {
  return status === 'completed' ? 0 : 1;
}
