import type { ScheduleSummaryView, ScheduleView } from '../temporal/schedules/schedule-view';
import type { TaskView } from '../temporal/tasks/task-view';
import type { Progress } from '../contract/progress';
import type { TaskTypeDescription } from '../tasks/registry';
import type { TaskStatus } from '../tasks/status';
import type { FailureSummary } from '../temporal/tasks/failure-summary';
import type { WorkflowTaskFailure } from '../temporal/tasks/workflow-task-failure';

/** The shapes of the Task API's answers (see its OpenAPI document at /openapi.json). */

export type { FailureSummary, Progress, TaskStatus, WorkflowTaskFailure };

/** `GET /tasks/{id}`: one task's status, progress, timings, attempts, pending activities and failure. */
export type TaskDetail = TaskView;

/** One row of `GET /tasks`. */
export type TaskSummary = Pick<
  TaskView,
  'task_id' | 'short_id' | 'task_name' | 'status' | 'queue' | 'submitter' | 'schedule_id' | 'created_at' | 'finished_at' | 'duration_ms' | 'duration' | 'result_available'
>;

/** `GET /tasks`. */
export interface TaskPage {
  tasks: TaskSummary[];
  total: number;
  limit: number;
  /** Tasks before this page; null after a cursor. */
  offset: number | null;
  has_more: boolean;
  next_cursor: string | null;
}

/** `POST /tasks`: the task just submitted (201), or the one an idempotent repeat found (200). */
export interface SubmitAnswer {
  task_id: string;
  short_id: string;
  run_id: string;
  task_name: string;
  queue: string;
  status: TaskStatus;
  submitter: string;
  start_delay_ms: number;
  /** The priority key it runs with: the one asked for, else Temporal's default (3). */
  priority: number;
}

/** `GET /tasks/{id}/result`: 200 once the task ended, 202 (status only) while it runs. */
export interface ResultAnswer {
  task_id: string;
  status: TaskStatus;
  result?: unknown;
  failure?: FailureSummary;
}

/** `POST /tasks/{id}/cancel`. */
export interface CancelAnswer {
  task_id: string;
  action: 'cancel_requested' | 'terminated' | 'delete_requested';
  status: TaskStatus;
}

/** `POST /tasks/{id}/review`: the task accepted the decision (the first decision wins; a later one is 409 `not_awaiting_review`). */
export interface ReviewAnswer {
  task_id: string;
  decision: 'approve' | 'reject';
  /** Who decided: the authenticated caller. */
  reviewer: string;
  /** The `reviewer` the request named, when it named one: whom the caller decided for. */
  on_behalf_of?: string;
  /** The Workflow Update that carried the decision. */
  update: 'decision';
}

/** The data of a `GET /tasks/{id}/events` event. */
export interface TaskEvent {
  task_id: string;
  status: TaskStatus;
  progress: Progress | null;
  /** Set while a worker keeps failing the task's workflow task (progress stage `workflow_task_failing`). */
  workflow_task_failure: WorkflowTaskFailure | null;
  failure: FailureSummary | null;
}

/** One entry of `GET /tasks/types`. */
export type TaskType = TaskTypeDescription;

/** One queue of `GET /workers`: the workers polling it, as Temporal sees them. */
export interface QueueWorkers {
  queue: string;
  pollers: { identity: string; kinds: ('workflow' | 'activity')[]; last_access_time: string | null; rate_per_second: number }[];
}

/** `GET /schedules/{id}` (and the answer of creating, pausing or resuming one): a schedule, its next run times and recent runs. */
export type ScheduleDetail = ScheduleView;

/** One row of `GET /schedules`. */
export type ScheduleSummary = ScheduleSummaryView;

/** `GET /schedules`. */
export interface SchedulePage {
  schedules: ScheduleSummary[];
  /** More schedules match than the limit asked. */
  has_more: boolean;
}

/** `POST /schedules/{id}/trigger` (202) and `DELETE /schedules/{id}`. */
export interface ScheduleActionAnswer {
  schedule_id: string;
  action: 'trigger_requested' | 'deleted';
}
