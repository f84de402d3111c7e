import { z } from 'zod';

/** GET /health: the process is alive. */
export const healthAnswer = z.object({ status: z.literal('ok') });

/** GET /ready: Temporal is reachable. */
export const readyAnswer = z.object({ status: z.literal('ready') });
