import { z } from 'zod';

export const alertsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50).describe('Deliveries, newest first, 1 to 500') }).strict();

export const alertDelivery = z.object({
  alert_id: z.string(),
  event: z.string().describe('task_failed, task_timed_out, task_stuck or schedule_missed'),
  task_id: z.string().nullable(),
  task_name: z.string().nullable(),
  schedule_id: z.string().nullable(),
  state: z.enum(['delivering', 'delivered', 'failed']).describe('delivering: not taken yet, retried with back-off; failed: given up on (a 4xx, or a day of attempts)'),
  attempts: z.number().int(),
  last_error: z.string().nullable().describe('Why the latest attempt failed'),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
});

export const alertsAnswer = z.object({ alerts: z.array(alertDelivery) });
