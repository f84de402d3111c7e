import { Context } from '@temporalio/activity';
import type { SequenceStepResult } from './schema';

/** How often a step heartbeats while it works: well inside the workflow's heartbeat timeout. */
const HEARTBEAT_EVERY_MS = 1000;

/**
 * One step of example_step_sequence: works for `step_ms` (cancellable sleeps, with a heartbeat
 * each second so a dead worker's step moves on quickly), then says which attempt completed it. It
 * changes nothing outside itself, so running it again is harmless: Temporal runs an activity at
 * least once, and a completion that was lost is retried after its timeout.
 */
export async function sequenceStep(input: { step: number; step_ms: number }): Promise<SequenceStepResult> {
  const ctx = Context.current();
  for (let left = input.step_ms; left > 0; left -= HEARTBEAT_EVERY_MS) {
    ctx.heartbeat();
    await ctx.sleep(Math.min(left, HEARTBEAT_EVERY_MS));
  }
  return { step: input.step, attempt: ctx.info.attempt };
}
