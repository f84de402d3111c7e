import { ConveyorUnreachableError } from './errors';

/**
 * How long a client keeps asking an API that was answering it a moment before and now cannot be
 * reached: a restart (a rolling deploy, `conveyor dev` handing its port to the worker it reloaded)
 * is back well within it; an API that stays away is reported after it.
 */
export const RESTART_WINDOW_MS = 30_000;

/** The pauses between asks, growing (then the longest, again): the first ones catch a port handed over in milliseconds. */
const PAUSES_MS = [50, 100, 200, 500, 1000];
const LONGEST_PAUSE_MS = 2000;

/**
 * `ask`, asked again after a pause while the API cannot be reached, for up to `windowMs`; then its
 * last {@link ConveyorUnreachableError}. Only for what the API was answering a moment before (the
 * next part of a result wait, a stream the server asked to be reopened): such an API is
 * restarting, not at a wrong URL, and a first request that cannot reach it still fails at once.
 */
export async function askThroughRestart<T>(ask: () => Promise<T>, windowMs = RESTART_WINDOW_MS): Promise<T> {
  const giveUpAt = Date.now() + windowMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await ask();
    } catch (error) {
      const pauseMs = PAUSES_MS[attempt] ?? LONGEST_PAUSE_MS;
      if (!(error instanceof ConveyorUnreachableError) || Date.now() + pauseMs > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}
