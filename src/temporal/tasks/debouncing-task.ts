import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { DEBOUNCE_MEMO, debounceWindowsQuery, type PendingDebouncedTask } from '../../contract/debounce';
import { PRIORITY_DEFAULT } from '../../tasks/priority';
import { withinCallDeadline } from '../deadlines';
import { TaskNotFound } from '../store-errors';
import { debounceWindowOf } from './debounce-task';
import { shortTaskId, type TaskView } from './task-view';

/**
 * A debounced task whose window is still open: it has no workflow yet, so every route that acts
 * on one answers as for an unknown id (this is a {@link TaskNotFound}); GET /tasks/{id} answers
 * with {@link viewDebouncingTask}.
 */
export class TaskDebouncing extends TaskNotFound {
  constructor(
    readonly pending: PendingDebouncedTask,
    /** The window's workflow id (Conveyor's debounce workflow). */
    readonly windowId: string,
  ) {
    super(pending.taskId);
    this.name = 'TaskDebouncing';
  }
}

/**
 * The pending task a debounced task id names, while its window is open: the id names its window's
 * workflow, whose memo lists the tasks it will start (one describe, no worker needed). Undefined
 * for any other id, and once the window has started the task.
 */
export async function findDebouncingTask(client: Client, taskId: string): Promise<TaskDebouncing | undefined> {
  const windowId = debounceWindowOf(taskId);
  if (windowId === undefined) return undefined;
  let memo: Record<string, unknown> | undefined;
  try {
    const description = await client.workflow.getHandle(windowId).describe();
    if (description.status.name !== 'RUNNING') return undefined;
    memo = description.memo;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
  const listed = memo?.[DEBOUNCE_MEMO];
  const pending = Array.isArray(listed) ? (listed as PendingDebouncedTask[]).find((task) => task?.taskId === taskId) : undefined;
  return pending ? new TaskDebouncing(pending, windowId) : undefined;
}

/** GET /tasks/{id} of a task waiting out its debounce window: `queued`, `debouncing`, and when it will start. */
export type DebouncingTaskView = TaskView & {
  /** The earliest the run starts (ISO); a later submit may move it, never past `maxWait`. */
  runs_at: string;
  /** How many submits its window has collapsed so far. */
  submits: number;
};

export async function viewDebouncingTask(client: Client, debouncing: TaskDebouncing): Promise<DebouncingTaskView> {
  const { pending } = debouncing;
  return {
    task_id: pending.taskId,
    short_id: shortTaskId(pending.taskId),
    // No run yet.
    run_id: '',
    task_name: pending.taskName,
    status: 'queued',
    queue: pending.queue,
    priority: pending.priorityKey ?? PRIORITY_DEFAULT,
    fairness_key: pending.fairnessKey ?? null,
    wait_reason: 'debouncing',
    submitter: pending.submitter,
    schedule_id: null,
    parameters: await lastParameters(client, debouncing),
    worker: null,
    created_at: pending.createdAt,
    started_at: null,
    finished_at: null,
    duration_ms: null,
    duration: null,
    attempts: 1,
    pending_activities: [],
    progress: null,
    workflow_task_failure: null,
    failure: null,
    result_available: false,
    reset_from: null,
    retry_of: null,
    trace_id: null,
    runs_at: pending.runsAt,
    submits: pending.submits,
  };
}

/** The last submit's parameters, as the window's workflow holds them; null while no worker answers. */
async function lastParameters(client: Client, debouncing: TaskDebouncing): Promise<Record<string, unknown> | null> {
  try {
    const windows = await withinCallDeadline(client, () => client.workflow.getHandle(debouncing.windowId).query(debounceWindowsQuery));
    const params = windows.find((window) => window.taskId === debouncing.pending.taskId)?.spec.args[0];
    return typeof params === 'object' && params !== null && !Array.isArray(params) ? (params as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
