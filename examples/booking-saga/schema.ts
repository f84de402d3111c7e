import { z } from 'zod';

/** The booking's steps, in the order they run. */
export const BOOKING_STEPS = ['reserve', 'charge', 'ship'] as const;
export type BookingStep = (typeof BOOKING_STEPS)[number];

/** The steps that have a compensation (ship is the last step: nothing after it can fail). */
export const COMPENSATED_STEPS = ['reserve', 'charge'] as const;
export type CompensatedStep = (typeof COMPENSATED_STEPS)[number];

/** What undoes each compensated step. */
export const COMPENSATION_OF = { reserve: 'release', charge: 'refund' } as const satisfies Record<CompensatedStep, string>;

export const bookingSagaInput = z
  .object({
    fail_at: z.enum(['none', ...BOOKING_STEPS]).describe('The step that fails (simulated), or none for a booking that goes through'),
    compensation_fails: z
      .enum(COMPENSATED_STEPS)
      .optional()
      .describe('The step whose compensation fails too (reserve: release, charge: refund); it must have completed before fail_at'),
  })
  .strict()
  .superRefine((params, ctx) => {
    const failing = params.compensation_fails;
    if (failing === undefined) return;
    const failsAt = params.fail_at === 'none' ? BOOKING_STEPS.length : BOOKING_STEPS.indexOf(params.fail_at);
    if (params.fail_at === 'none' || BOOKING_STEPS.indexOf(failing) >= failsAt) {
      ctx.addIssue({
        code: 'custom',
        path: ['compensation_fails'],
        message: `${COMPENSATION_OF[failing]} (the compensation of ${failing}) runs only when a step after ${failing} fails, and fail_at is ${params.fail_at}`,
      });
    }
  });

export type BookingSagaParams = z.output<typeof bookingSagaInput>;

export const bookingSagaResult = z.object({
  booking_id: z.string().describe('The task id, which every step was given'),
  reservation_id: z.string(),
  charge_id: z.string(),
  shipment_id: z.string(),
});

export type BookingSagaResult = z.input<typeof bookingSagaResult>;
