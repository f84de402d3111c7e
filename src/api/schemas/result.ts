import { z } from 'zod';
import { TASK_STATUSES } from '../../tasks/status';

/** GET /tasks/{id}/result: 200 once the task ended (its result or its failure), 202 (status only) while it runs. */
export const resultAnswer = z.object({
  task_id: z.string(),
  status: z.enum(TASK_STATUSES),
  result: z.unknown().optional(),
  failure: z.object({ type: z.string(), message: z.string(), causes: z.array(z.object({ type: z.string(), message: z.string() })) }).optional(),
});
