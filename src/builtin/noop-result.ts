import { z } from 'zod';

/** What the built-in `noop` task returns (its workflow imports only the type: no zod in the bundle). */
export const noopResult = z.object({ ok: z.literal(true) });

export type NoopResult = z.input<typeof noopResult>;
