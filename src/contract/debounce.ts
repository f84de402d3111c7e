import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { TaskStartSpec } from './task-start-spec';

/**
 * What the API and Conveyor's debounce workflow share: one debounce workflow per (task type,
 * submitter, key) collects the submits of a window and starts their one run. Workflow-safe.
 */

/** The debounce workflow's type (its export name among Conveyor's built-in workflows). */
export const DEBOUNCE_WORKFLOW_TYPE = 'conveyorDebounce';

/** One submit to a debounce window. */
export interface DebounceSubmit {
  /** How the run starts if the window closes on this submit (the last submit's parameters win). */
  spec: TaskStartSpec;
  /** The start of the run's task id: it names the window's workflow, so the API finds a pending task from its id. */
  taskIdPrefix: string;
  /** The run starts once this long passes without another submit... */
  windowMs: number;
  /** ...or this long after the window's first submit, whichever comes first. */
  maxWaitMs?: number | undefined;
  submitter: string;
}

/** A submit's answer: the task that will run it. */
export interface DebounceAnswer {
  taskId: string;
  /** ISO time: the earliest the run starts (a later submit may move it, never past `maxWait`). */
  runsAt: string;
  /** How many submits the window has collapsed so far, this one included. */
  submits: number;
}

/** A window's submits so far: what its run will start with. */
export interface DebounceWindow {
  /** Chosen with the window's first submit. */
  taskId: string;
  spec: TaskStartSpec;
  submitter: string;
  windowMs: number;
  maxWaitMs?: number | undefined;
  firstSubmitMs: number;
  lastSubmitMs: number;
  submits: number;
}

/** A submit: its answer is the task that will run it. */
export const debounceSubmitUpdate = defineUpdate<DebounceAnswer, [DebounceSubmit]>('conveyor_debounce_submit');

/** The windows waiting for their run: the open one, and while its run starts, the next. */
export const debounceWindowsQuery = defineQuery<DebounceWindow[]>('conveyor_debounce_windows');

/** Memo key: the debounce workflow's pending tasks, without their parameters (which the query answers). */
export const DEBOUNCE_MEMO = 'conveyor_debounce';

export type PendingDebouncedTask = Omit<DebounceWindow, 'spec' | 'firstSubmitMs' | 'lastSubmitMs'> & {
  taskName: string;
  queue: string;
  priorityKey?: number | undefined;
  fairnessKey?: string | undefined;
  /** ISO time of the window's first submit. */
  createdAt: string;
  runsAt: string;
};

/** When the window's run starts, as things stand: `windowMs` after the last submit, at most `maxWaitMs` after the first. */
export function runsAtMs(window: Pick<DebounceWindow, 'firstSubmitMs' | 'lastSubmitMs' | 'windowMs' | 'maxWaitMs'>): number {
  const quiet = window.lastSubmitMs + window.windowMs;
  return window.maxWaitMs === undefined ? quiet : Math.min(quiet, window.firstSubmitMs + window.maxWaitMs);
}

/** The window after `submit` at `nowMs`: a new one (with `newTaskId()`) if none was open, else the open one with the submit's parameters. */
export function withSubmit(window: DebounceWindow | undefined, submit: DebounceSubmit, nowMs: number, newTaskId: () => string): DebounceWindow {
  const { spec, submitter, windowMs, maxWaitMs } = submit;
  if (window === undefined) return { taskId: newTaskId(), spec, submitter, windowMs, maxWaitMs, firstSubmitMs: nowMs, lastSubmitMs: nowMs, submits: 1 };
  return { ...window, spec, submitter, windowMs, maxWaitMs, lastSubmitMs: nowMs, submits: window.submits + 1 };
}

export function answerOf(window: DebounceWindow): DebounceAnswer {
  return { taskId: window.taskId, runsAt: new Date(runsAtMs(window)).toISOString(), submits: window.submits };
}

/** What the memo says of a window: enough for GET /tasks/{id} to describe the pending task without a worker. */
export function pendingTaskOf(window: DebounceWindow): PendingDebouncedTask {
  const { taskId, spec, submitter, windowMs, maxWaitMs, submits } = window;
  return {
    taskId,
    submitter,
    windowMs,
    maxWaitMs,
    submits,
    taskName: spec.workflowType,
    queue: spec.taskQueue,
    priorityKey: spec.priority?.priorityKey,
    fairnessKey: spec.priority?.fairnessKey,
    createdAt: new Date(window.firstSubmitMs).toISOString(),
    runsAt: answerOf(window).runsAt,
  };
}
