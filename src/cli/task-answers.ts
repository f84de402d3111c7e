import type { TaskView } from '../api/task-view';
import type { TaskStatus } from '../tasks/status';
import type { FailureSummary } from '../temporal/await-outcome';
import type { Progress } from '../workflows/progress';

/** The shapes of the Task API's answers that the `tasks` commands read (see the OpenAPI document). */

/** `GET /tasks/{id}`. */
export type TaskDetail = TaskView;

/** One row of `GET /tasks`. */
export type TaskSummary = Pick<
  TaskView,
  'task_id' | 'short_id' | 'task_name' | 'status' | 'queue' | 'submitter' | 'created_at' | 'finished_at' | 'duration_ms' | 'duration' | 'result_available'
>;

/** `GET /tasks`. */
export interface TaskPage {
  tasks: TaskSummary[];
  total: number;
  has_more: boolean;
  next_cursor: string | null;
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

/** The data of a `GET /tasks/{id}/events` event. */
export interface TaskEvent {
  task_id: string;
  status: TaskStatus;
  progress: Progress | null;
  failure: FailureSummary | null;
}
