import { z } from 'zod';
import { TASK_STATUSES } from '../../tasks/status';

/** POST /tasks/{id}/cancel and DELETE /tasks/{id}. */
export const cancelAnswer = z.object({
  task_id: z.string(),
  action: z.enum(['cancel_requested', 'terminated', 'delete_requested']),
  status: z.enum(TASK_STATUSES).describe('The status right after the action'),
});
