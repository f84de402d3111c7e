import { requestDuration } from './duration';

/**
 * The `?wait=` of the routes that wait for a task's end (`GET /tasks/{id}/result`, `POST /tasks`):
 * one bound for both, CONVEYOR_RESULT_WAIT_MAX. Clients that wait longer in several requests read
 * the bound in the refusal's details.
 */
export function resultWait(maxWaitMs: number) {
  return requestDuration({ maxMs: maxWaitMs, tooLongDetails: { max_wait_seconds: maxWaitMs / 1000 } });
}
