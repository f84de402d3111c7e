import { z } from 'zod';
import { TEMPORAL_MAX_ID_BYTES, temporalIdString } from '../../temporal/temporal-id';

/** The `{id}` of every /tasks/{id} route. */
export const taskIdParams = z.object({
  id: temporalIdString(TEMPORAL_MAX_ID_BYTES).describe('The task id, or a unique prefix or suffix of it among the tasks you may see (the short id works)'),
});
