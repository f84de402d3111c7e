import { z } from 'zod';

/** POST /tasks/{id}/signals/{name}: the signal was sent (202). */
export const signalSent = z.object({ task_id: z.string(), signal: z.string() });

/** GET /tasks/{id}/queries/{name}: the task's answer. */
export const queryAnswer = z.object({ task_id: z.string(), query: z.string(), result: z.unknown() });
