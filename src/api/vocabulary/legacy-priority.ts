import type { FastifyRequest } from 'fastify';
import { PRIORITY_DEFAULT } from '../../tasks/priority';
import { ApiError } from '../http/api-error';

/**
 * The previous task system's `priority`: a whole number from 0 to 10, higher first, 5 for
 * "normal" (its admin page's default), as Celery's. Under the legacy vocabulary a submit's
 * priority is read on that scale and becomes Temporal's priority key here, at the edge:
 *
 *   old  0–1  2–3  4–6  7–8  9–10
 *   key   5    4    3    2    1
 */
export const LEGACY_PRIORITY_LOWEST = 0;
export const LEGACY_PRIORITY_HIGHEST = 10;
export const LEGACY_PRIORITY_NORMAL = 5;

/** Temporal's priority key for a priority on the old scale. */
export function priorityKeyOfLegacy(priority: number): number {
  if (priority >= 9) return 1;
  if (priority >= 7) return 2;
  if (priority >= 4) return PRIORITY_DEFAULT;
  if (priority >= 2) return 4;
  return 5;
}

/**
 * preValidation of the submit routes: under the legacy vocabulary, the body's `priority` is read
 * on the old scale and replaced by its key, so the route validates and stores keys only.
 */
export async function readLegacyPriority(request: FastifyRequest): Promise<void> {
  if (request.vocabulary !== 'legacy') return;
  const body = request.body as { priority?: unknown } | null | undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || body.priority === undefined) return;
  const priority = body.priority;
  if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < LEGACY_PRIORITY_LOWEST || priority > LEGACY_PRIORITY_HIGHEST) {
    const message = `must be a whole number from ${LEGACY_PRIORITY_LOWEST} to ${LEGACY_PRIORITY_HIGHEST}, higher first (the previous task system's scale, which this API reads under CONVEYOR_API_VOCABULARY=legacy)`;
    throw new ApiError(400, 'invalid_request', `body.priority: ${message}`, { fields: [{ field: 'body.priority', message }] });
  }
  body.priority = priorityKeyOfLegacy(priority);
}
