import { z } from 'zod';
import { QUEUE_NAME_PATTERN } from '../../tasks/queues';

/** `?queues=a,b`: the queues a route describes (GET /workers, GET /queues); every queue of the API's task types without it. */
export const queueListQuery = z
  .object({
    queues: z
      .string()
      .transform((value) => value.split(',').map((queue) => queue.trim()).filter(Boolean))
      .refine((queues) => queues.length > 0, 'must name at least one queue')
      .refine((queues) => queues.every((queue) => QUEUE_NAME_PATTERN.test(queue)), 'must be comma-separated queue names')
      .optional()
      .describe("Comma-separated queues to describe (default: every queue of the API's task types)"),
  })
  .strict();
