import { setTimeout as sleep } from 'node:timers/promises';

export function createActivities() {
  return {
    /**
     * Holds its worker slot for `holdMs` (one slot's turn) and answers when it started (epoch
     * milliseconds, this machine's clock, which the benchmark's submit times share).
     */
    async holdSlot(holdMs: number): Promise<number> {
      const startedAt = Date.now();
      await sleep(holdMs);
      return startedAt;
    },
  };
}

export type FairnessActivities = ReturnType<typeof createActivities>;
