import type { Client } from '@temporalio/client';

/**
 * The longest an API request waits on a Temporal call it can answer without: a workflow query
 * (a task's progress or one of its own queries, which need a worker to answer) and the readiness
 * probe. Without a deadline such a call waits for the RPC's own timeout (about a minute).
 */
export const TEMPORAL_CALL_DEADLINE_MS = 3000;

/** How often one task's state is read again while a caller follows it (its SSE stream, awaiting its end). */
export const TASK_POLL_MS = 500;

/** Runs a Temporal call under {@link TEMPORAL_CALL_DEADLINE_MS}; it rejects (DEADLINE_EXCEEDED) if not answered by then. */
export function withinCallDeadline<T>(client: Client, call: () => Promise<T>): Promise<T> {
  return client.connection.withDeadline(Date.now() + TEMPORAL_CALL_DEADLINE_MS, call);
}
