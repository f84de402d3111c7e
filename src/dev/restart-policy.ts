/**
 * How `conveyor dev` answers the crash of a worker or API that had served: it starts the role again
 * after a back-off, which doubles while the new child keeps dying soon after it starts, and gives up
 * once that has happened too often in a row (something a restart does not fix: a port taken,
 * code that fails at start-up, a bug hit at once).
 */
export const RESTART_POLICY = {
  /** The wait before a restart; each quick crash in a row doubles it (0.5, 1, 2, 4, 8 s). */
  firstDelayMs: 500,
  /** A child that dies before it is ready, or within this long of being ready, crashed quickly. */
  steadyAfterMs: 10_000,
  /** This many quick crashes in a row: no more restarts, the stack stops. */
  quickCrashesToGiveUp: 5,
} as const;

/** What to do about one crash, and the count of quick crashes in a row it makes. */
export type CrashVerdict = { restart: true; delayMs: number; quickCrashes: number } | { restart: false; quickCrashes: number };

/**
 * @param quickCrashes how many quick crashes in a row came before this one
 * @param servedMs how long the child that died had been ready; undefined if it never was
 * @param backoffScale multiplies the wait (CONVEYOR_DEV_RESTART_BACKOFF_SCALE: tests shorten it; 1 otherwise)
 */
export function judgeCrash(quickCrashes: number, servedMs: number | undefined, backoffScale = 1): CrashVerdict {
  const quick = servedMs === undefined || servedMs < RESTART_POLICY.steadyAfterMs;
  const inARow = quick ? quickCrashes + 1 : 0;
  if (inARow >= RESTART_POLICY.quickCrashesToGiveUp) return { restart: false, quickCrashes: inARow };
  return { restart: true, delayMs: RESTART_POLICY.firstDelayMs * 2 ** inARow * backoffScale, quickCrashes: inARow };
}
