// Served by ./conveyor.config.ts.
import { proxyActivities } from '@temporalio/workflow';
import type { FairnessActivities } from './activities';

const { holdSlot } = proxyActivities<FairnessActivities>({ startToCloseTimeout: '1 minute' });

/** One activity that holds a worker slot for `holdMs`; answers when that activity started. */
export async function fairnessHoldSlot(params: { holdMs: number }): Promise<{ startedAt: number }> {
  return { startedAt: await holdSlot(params.holdMs) };
}
