import { z } from 'zod';
import { TEMPORAL_MAX_ID_BYTES, temporalIdString } from '../../temporal/temporal-id';

/** The `{id}` of every /schedules/{id} route. */
export const scheduleIdParams = z.object({
  id: temporalIdString(TEMPORAL_MAX_ID_BYTES).describe('The schedule id you chose, or its full id (`schedule_id` in answers)'),
});
