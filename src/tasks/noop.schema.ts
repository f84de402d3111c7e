import { z } from 'zod';

/** The no-op task takes no parameters; anything else is a mistake worth reporting. */
export const noopInput = z.object({}).strict();

export interface NoopResult {
  ok: true;
}
