import type { TaskStatus } from '../../src/tasks/status';

export { TASK_STATUSES, isTerminal } from '../../src/tasks/status';
export type { TaskStatus };

/** One colour per status of the shared vocabulary (styles.css `.chip-<status>`); the chip always shows the word too. */
export const STATUS_LABEL: Record<TaskStatus, string> = {
  queued: 'queued',
  running: 'running',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
  terminated: 'terminated',
  timed_out: 'timed out',
};
