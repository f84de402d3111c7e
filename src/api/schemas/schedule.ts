import { z } from 'zod';
import { scheduleSummary, scheduleView } from '../../temporal/schedules/schedule-view';

// The schedule store builds these views, so their schemas live with it (src/temporal/schedules/).
export { scheduleSummary, scheduleView };

/** GET /schedules. */
export const schedulePage = z.object({
  schedules: z.array(scheduleSummary),
  /** More schedules match than the limit asked. */
  has_more: z.boolean().describe('More schedules match than `limit`'),
});

/** POST /schedules/{id}/trigger (202) and DELETE /schedules/{id}. */
export const scheduleActionAnswer = z.object({
  schedule_id: z.string(),
  action: z.enum(['trigger_requested', 'deleted']),
});
