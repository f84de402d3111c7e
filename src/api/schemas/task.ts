import { taskSummary } from '../../temporal/tasks/task-summary';
import { taskView } from '../../temporal/tasks/task-view';

// The task store builds these views, so their schemas live with it (src/temporal/tasks/).
export { taskSummary, taskView };

/** The data of a GET /tasks/{id}/events event: what changes while a task runs. */
export const taskEvent = taskView.pick({ task_id: true, status: true, progress: true, workflow_task_failure: true, failure: true });
