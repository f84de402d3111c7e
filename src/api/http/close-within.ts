import { setTimeout as sleep } from 'node:timers/promises';
import type { Server } from 'node:http';

/**
 * Waits for `draining` (the API's graceful close: in-flight requests finish, event streams end),
 * but at most `graceMs`; then closes the connections still open and waits for the close to end.
 * Resolves with how many connections were cut (0: everything drained in time).
 *
 * Why a bound: a client that stops reading an answer (a large dashboard asset, a result it never
 * consumes) keeps its connection busy forever, and Node's `server.close` waits for it; the stop
 * would then last until something outside kills the process.
 */
export async function closeWithin(server: Server, draining: Promise<unknown>, graceMs: number): Promise<number> {
  // Unref'd: once everything has drained, the deadline must not keep the process alive.
  const drained = await Promise.race([draining.then(() => true), sleep(graceMs, false, { ref: false })]);
  if (drained) return 0;
  const open = await new Promise<number>((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));
  server.closeAllConnections();
  await draining;
  return open;
}
