import { Context } from '@temporalio/activity';
import { WebFetchFailureType } from './failure-types';
import { permanent } from './fetch-failure';

/** Why a URL's host was not connected to: told to the worker's log, never to the task. */
export type UnreachableReason =
  /** An IP literal, or a DNS answer, outside the public internet. */
  | 'address'
  /** A port other than 80 and 443 on a host that is not allowed. */
  | 'port'
  /** Not in the allow list while CONVEYOR_FETCH_ONLY_ALLOWED_HOSTS is on. */
  | 'not-listed'
  /** DNS does not know the name, answered nothing, or failed. */
  | 'dns'
  /** No TCP connection: refused, unreachable, or not made within the connect timeout. */
  | 'connect';

/**
 * Thrown inside safe fetching when a hop's host cannot or may not be connected to; safeFetch logs
 * it and turns it into the one failure the caller sees (see unreachableFailure).
 */
export class UnreachableError extends Error {
  constructor(
    readonly reason: UnreachableReason,
    /** What the log needs to explain it: the address and its range, the port, the error code. */
    readonly detail: Record<string, unknown>,
  ) {
    super(`not reachable (${reason})`);
    this.name = 'UnreachableError';
  }
}

/** Where the reason an URL was unreachable goes: the running activity's logger unless a test passes its own. */
export type UnreachableLog = (message: string, meta: Record<string, unknown>) => void;

export const activityLog: UnreachableLog = (message, meta) => Context.current().log.warn(message, meta);

/**
 * The failure a task sees for every UnreachableError, whatever its reason: the same type,
 * message shape and retry setting for a refused address, a refused port, an unknown name and a
 * closed or filtered port, so a task's outcome cannot be used to scan a network.
 */
export function unreachableFailure(url: URL) {
  return permanent(WebFetchFailureType.Unreachable, `could not fetch ${url.href}: the address is not reachable or not allowed`, { url: url.href });
}
