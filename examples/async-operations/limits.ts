/**
 * async_operations' durations and attempts, shared by the workflow, the activities and the tests
 * (free of imports, so the workflow bundle stays small). Short on purpose: the `timeout` mode
 * waits for every attempt to time out before its fallback runs.
 */

/** How long one attempt of the service call may take before Temporal times it out (start-to-close). */
export const SERVICE_CALL_TIMEOUT_MS = 1_000;

/** Attempts of the service call, retries included; `flaky` succeeds on the last. */
export const SERVICE_CALL_ATTEMPTS = 3;

/** The first retry's backoff; each later one doubles it. */
export const SERVICE_RETRY_INITIAL_INTERVAL_MS = 500;

/** How long the simulated slow service takes in `timeout` mode: well beyond the timeout. */
export const SLOW_SERVICE_MS = 3 * SERVICE_CALL_TIMEOUT_MS;
