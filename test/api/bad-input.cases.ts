import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { errorBody } from '../../src/api/schemas/error-body';

/** The body limit both bad-input suites run the API with (CONVEYOR_API_BODY_LIMIT). */
export const BODY_LIMIT = 2048;

/** Random bytes followed by the checksum the API appends, as someone who read its source could make. */
function forgedCursor(): string {
  const token = randomBytes(40);
  return Buffer.concat([token, createHash('sha256').update(token).digest().subarray(0, 8)]).toString('base64url');
}

export interface BadRequest {
  name: string;
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH' | 'OPTIONS';
  /** `{task}` becomes a real, queued task's id. */
  path: string;
  /** An object is sent as JSON; a string is sent as it is. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  status: number;
  code: string;
  /** Fields `details.fields` must name. */
  fields?: string[];
  /** What the message must say (a bound, the way out). */
  mentions?: string[];
  /** The `Allow` header a 405 must carry. */
  allow?: string;
  /** Only Temporal can tell (the task's type, whether it exists, a page token): an integration case. */
  temporal?: true;
}

export const longRunning = (extra: Record<string, unknown>) => ({ task_name: 'example_long_running', ...extra });
export const json = 'application/json';
/** A schedule body the API accepts, changed by `extra` (`undefined` leaves a field out). */
export const schedule = (extra: Record<string, unknown>) => ({
  task_name: 'example_long_running',
  schedule_id: 'bad-input',
  cron: '0 3 * * *',
  parameters: { duration: 1 },
  ...extra,
});

/** Malformed requests, each with its documented status and error code: one line per case. */
export const CASES: BadRequest[] = [
  // Bodies the parser refuses
  { name: 'malformed JSON', method: 'POST', path: '/tasks', body: '{"task_name": ', contentType: json, status: 400, code: 'invalid_json' },
  { name: 'empty body with a JSON content type', method: 'POST', path: '/tasks', body: '', contentType: json, status: 400, code: 'invalid_json' },
  { name: 'text/plain body', method: 'POST', path: '/tasks', body: 'task_name=example_long_running', contentType: 'text/plain', status: 415, code: 'unsupported_media_type' },
  { name: 'text/plain body to the alias', method: 'POST', path: '/tasks/submit', body: '{}', contentType: 'text/plain', status: 415, code: 'unsupported_media_type' },
  { name: 'form-encoded body', method: 'POST', path: '/tasks', body: 'task_name=x', contentType: 'application/x-www-form-urlencoded', status: 415, code: 'unsupported_media_type' },
  { name: 'body over the limit', method: 'POST', path: '/tasks', body: longRunning({ parameters: { message: 'x'.repeat(BODY_LIMIT) } }), status: 413, code: 'payload_too_large' },
  // Wrong types and shapes in the submit body
  { name: 'no task_name', method: 'POST', path: '/tasks', body: {}, status: 400, code: 'invalid_request', fields: ['body.task_name'] },
  { name: 'task_name a number', method: 'POST', path: '/tasks', body: { task_name: 42 }, status: 400, code: 'invalid_request', fields: ['body.task_name'] },
  { name: 'body a JSON array', method: 'POST', path: '/tasks', body: [longRunning({})], status: 400, code: 'invalid_request', fields: ['body'] },
  { name: 'parameters an array', method: 'POST', path: '/tasks', body: longRunning({ parameters: [1, 2] }), status: 400, code: 'invalid_request', fields: ['body.parameters'] },
  { name: 'queue with spaces', method: 'POST', path: '/tasks', body: longRunning({ queue: 'my queue' }), status: 400, code: 'invalid_request', fields: ['body.queue'] },
  { name: 'delay negative', method: 'POST', path: '/tasks', body: longRunning({ delay: -5 }), status: 400, code: 'invalid_request', fields: ['body.delay'] },
  { name: 'delay "soon"', method: 'POST', path: '/tasks', body: longRunning({ delay: 'soon' }), status: 400, code: 'invalid_request', fields: ['body.delay'] },
  { name: 'delay beyond 365 days', method: 'POST', path: '/tasks', body: longRunning({ delay: '400d' }), status: 400, code: 'invalid_request', fields: ['body.delay'] },
  { name: 'workflow_id over 400 characters', method: 'POST', path: '/tasks', body: longRunning({ workflow_id: 'w'.repeat(401) }), status: 400, code: 'invalid_request', fields: ['body.workflow_id'] },
  // Ids Temporal would refuse, checked in UTF-8 bytes before it sees them
  { name: 'workflow_id of 334 "€" (1,002 bytes in UTF-8)', method: 'POST', path: '/tasks', body: longRunning({ workflow_id: '€'.repeat(334) }), status: 400, code: 'invalid_request', fields: ['body.workflow_id'], mentions: ['400 bytes'] },
  { name: 'workflow_id of 134 "€": 134 characters, 402 bytes', method: 'POST', path: '/tasks', body: longRunning({ workflow_id: '€'.repeat(134) }), status: 400, code: 'invalid_request', fields: ['body.workflow_id'], mentions: ['400 bytes'] },
  { name: 'workflow_id a lone surrogate', method: 'POST', path: '/tasks', body: longRunning({ workflow_id: '\ud800' }), status: 400, code: 'invalid_request', fields: ['body.workflow_id'], mentions: ['Unicode'] },
  { name: 'workflow_id with a lone surrogate inside', method: 'POST', path: '/tasks/submit', body: longRunning({ workflow_id: 'report-\udfff-1' }), status: 400, code: 'invalid_request', fields: ['body.workflow_id'], mentions: ['Unicode'] },
  { name: 'workflow_id with a NUL (PostgreSQL cannot store one)', method: 'POST', path: '/tasks', body: longRunning({ workflow_id: 'report-\u0000-1' }), status: 400, code: 'invalid_request', fields: ['body.workflow_id'], mentions: ['NUL'] },
  { name: 'Idempotency-Key of 201 bytes', method: 'POST', path: '/tasks', body: longRunning({}), headers: { 'idempotency-key': 'k'.repeat(201) }, status: 400, code: 'invalid_request', fields: ['headers.idempotency-key'], mentions: ['200 bytes'] },
  { name: 'a task id of 1,001 bytes', method: 'GET', path: `/tasks/${'a'.repeat(1001)}`, status: 400, code: 'invalid_request', fields: ['params.id'], mentions: ['1000 bytes'] },
  { name: 'a task id of 334 "€" (1,002 bytes)', method: 'GET', path: `/tasks/${encodeURIComponent('€'.repeat(334))}`, status: 400, code: 'invalid_request', fields: ['params.id'], mentions: ['1000 bytes'] },
  { name: 'a task id that is a lone surrogate, percent-encoded', method: 'GET', path: '/tasks/%ED%A0%80', status: 400, code: 'invalid_url' },
  { name: 'a signal name of 201 bytes', method: 'POST', path: `/tasks/{task}/signals/${'s'.repeat(201)}`, body: {}, status: 400, code: 'invalid_request', fields: ['params.name'], mentions: ['200 bytes'] },
  { name: 'a query name of 67 "€" (201 bytes)', method: 'GET', path: `/tasks/{task}/queries/${encodeURIComponent('€'.repeat(67))}`, status: 400, code: 'invalid_request', fields: ['params.name'], mentions: ['200 bytes'] },
  { name: 'a queue name over 200 characters', method: 'POST', path: '/tasks', body: longRunning({ queue: 'q'.repeat(201) }), status: 400, code: 'invalid_request', fields: ['body.queue'] },
  { name: 'a queue name outside ASCII', method: 'POST', path: '/tasks', body: longRunning({ queue: 'queue-€' }), status: 400, code: 'invalid_request', fields: ['body.queue'] },
  { name: 'Idempotency-Key over 200 characters', method: 'POST', path: '/tasks', body: longRunning({}), headers: { 'idempotency-key': 'k'.repeat(201) }, status: 400, code: 'invalid_request', fields: ['headers.idempotency-key'] },
  { name: 'a Conveyor-Vocabulary it does not speak', method: 'GET', path: '/tasks', headers: { 'conveyor-vocabulary': 'klingon' }, status: 400, code: 'invalid_request', fields: ['headers.conveyor-vocabulary'] },
  { name: 'an unknown top-level field', method: 'POST', path: '/tasks', body: longRunning({ countdown: 10 }), status: 400, code: 'invalid_request', fields: ['body.countdown'] },
  { name: 'priority 0', method: 'POST', path: '/tasks', body: longRunning({ priority: 0 }), status: 400, code: 'invalid_request', fields: ['body.priority'] },
  { name: 'priority 6', method: 'POST', path: '/tasks/submit', body: longRunning({ priority: 6 }), status: 400, code: 'invalid_request', fields: ['body.priority'] },
  { name: 'priority 2.5', method: 'POST', path: '/tasks', body: longRunning({ priority: 2.5 }), status: 400, code: 'invalid_request', fields: ['body.priority'] },
  { name: 'priority "high"', method: 'POST', path: '/tasks', body: longRunning({ priority: 'high' }), status: 400, code: 'invalid_request', fields: ['body.priority'] },
  { name: 'priority 11 on the previous system’s scale', method: 'POST', path: '/tasks/submit', body: longRunning({ priority: 11 }), headers: { 'conveyor-vocabulary': 'legacy' }, status: 400, code: 'invalid_request', fields: ['body.priority'] },
  { name: 'priority "5" on the previous system’s scale', method: 'POST', path: '/tasks/submit', body: longRunning({ priority: '5' }), headers: { 'conveyor-vocabulary': 'legacy' }, status: 400, code: 'invalid_request', fields: ['body.priority'] },
  { name: 'two unknown top-level fields', method: 'POST', path: '/tasks/submit', body: longRunning({ args: [], kwargs: {} }), status: 400, code: 'invalid_request', fields: ['body.args', 'body.kwargs'] },
  // What the task's own schema refuses
  { name: 'parameters failing the schema', method: 'POST', path: '/tasks', body: longRunning({ parameters: { duration: 'long', message: 7 } }), status: 422, code: 'invalid_parameters', fields: ['parameters.duration', 'parameters.message'] },
  { name: 'a parameter out of range', method: 'POST', path: '/tasks', body: longRunning({ parameters: { duration: -1 } }), status: 422, code: 'invalid_parameters', fields: ['parameters.duration'] },
  { name: 'unknown task', method: 'POST', path: '/tasks', body: { task_name: 'no_such_task' }, status: 400, code: 'unknown_task' },
  // GET /tasks filters
  { name: 'status=bogus', method: 'GET', path: '/tasks?status=bogus', status: 400, code: 'invalid_request', fields: ['querystring.status'] },
  { name: 'a bogus status among good ones', method: 'GET', path: '/tasks?status=running,bogus', status: 400, code: 'invalid_request', fields: ['querystring.status'] },
  { name: 'limit=0', method: 'GET', path: '/tasks?limit=0', status: 400, code: 'invalid_request', fields: ['querystring.limit'] },
  { name: 'limit=1001', method: 'GET', path: '/tasks?limit=1001', status: 400, code: 'invalid_request', fields: ['querystring.limit'], mentions: ['1000'] },
  { name: 'limit=x', method: 'GET', path: '/tasks?limit=x', status: 400, code: 'invalid_request', fields: ['querystring.limit'] },
  { name: 'offset=-1', method: 'GET', path: '/tasks?offset=-1', status: 400, code: 'invalid_request', fields: ['querystring.offset'] },
  { name: 'offset=x', method: 'GET', path: '/tasks?offset=x', status: 400, code: 'invalid_request', fields: ['querystring.offset'] },
  { name: 'offset=1.5', method: 'GET', path: '/tasks?limit=10&offset=1.5', status: 400, code: 'invalid_request', fields: ['querystring.offset'] },
  { name: 'an offset beyond the bound', method: 'GET', path: '/tasks?limit=10&offset=10001', status: 400, code: 'invalid_request', fields: ['querystring.offset'], mentions: ['10000', 'cursor'] },
  {
    name: 'offset and cursor together',
    method: 'GET',
    path: `/tasks?limit=10&offset=0&cursor=${forgedCursor()}`,
    status: 400,
    code: 'invalid_request',
    fields: ['querystring.offset', 'querystring.cursor'],
  },
  { name: 'created_after not a date', method: 'GET', path: '/tasks?created_after=yesterday', status: 400, code: 'invalid_request', fields: ['querystring.created_after'] },
  { name: 'created_before not a date', method: 'GET', path: '/tasks?created_before=2024-13-45', status: 400, code: 'invalid_request', fields: ['querystring.created_before'] },
  { name: 'an unknown filter', method: 'GET', path: '/tasks?colour=red', status: 400, code: 'invalid_request', fields: ['querystring.colour'] },
  { name: 'a garbage cursor', method: 'GET', path: '/tasks?cursor=bm90LWEtcmVhbC1jdXJzb3I', status: 400, code: 'invalid_request', fields: ['querystring.cursor'] },
  {
    name: 'a forged cursor: a token Temporal cannot read, with a valid checksum',
    temporal: true,
    method: 'GET',
    path: `/tasks?cursor=${forgedCursor()}`,
    status: 400,
    code: 'invalid_request',
    fields: ['querystring.cursor'],
  },
  { name: 'a cursor that decodes to nothing', method: 'GET', path: '/tasks?cursor=!!!', status: 400, code: 'invalid_request', fields: ['querystring.cursor'] },
  { name: 'a cursor with characters no cursor has', method: 'GET', path: '/tasks?cursor=abc%2Bdef%3D', status: 400, code: 'invalid_request', fields: ['querystring.cursor'] },
  // Task routes
  { name: 'wait=forever on /result', method: 'GET', path: '/tasks/{task}/result?wait=forever', status: 400, code: 'invalid_request', fields: ['querystring.wait'] },
  { name: 'wait beyond the maximum on /result', method: 'GET', path: '/tasks/{task}/result?wait=2h', status: 400, code: 'invalid_request', fields: ['querystring.wait'] },
  { name: 'wait in parsecs on /result', method: 'GET', path: '/tasks/{task}/result?wait=5%20parsecs', status: 400, code: 'invalid_request', fields: ['querystring.wait'] },
  { name: 'delay "5 parsecs"', method: 'POST', path: '/tasks', body: longRunning({ delay: '5 parsecs' }), status: 400, code: 'invalid_request', fields: ['body.delay'] },
  { name: 'wait negative on /result', method: 'GET', path: '/tasks/{task}/result?wait=-5', status: 400, code: 'invalid_request', fields: ['querystring.wait'] },
  { name: 'mode=explode on cancel', method: 'POST', path: '/tasks/{task}/cancel?mode=explode', status: 400, code: 'invalid_request', fields: ['querystring.mode'] },
  { name: 'mode=explode on DELETE', method: 'DELETE', path: '/tasks/{task}?mode=explode', status: 400, code: 'invalid_request', fields: ['querystring.mode'] },
  { name: 'purge=maybe', method: 'DELETE', path: '/tasks/{task}?purge=maybe', status: 400, code: 'invalid_request', fields: ['querystring.purge'] },
  { name: 'purge on POST cancel', temporal: true, method: 'POST', path: '/tasks/{task}/cancel?purge=true', status: 400, code: 'invalid_request' },
  { name: 'a query the task does not declare', temporal: true, method: 'GET', path: '/tasks/{task}/queries/nope', status: 404, code: 'query_not_declared' },
  { name: 'a signal the task does not declare', temporal: true, method: 'POST', path: '/tasks/{task}/signals/nope', body: {}, status: 404, code: 'signal_not_declared' },
  // Names that are JavaScript object properties are undeclared names like any other
  ...(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'] as const).flatMap((name): BadRequest[] => [
    { name: `a signal named ${name}`, temporal: true, method: 'POST', path: `/tasks/{task}/signals/${name}`, body: {}, status: 404, code: 'signal_not_declared' },
    { name: `a query named ${name}`, temporal: true, method: 'GET', path: `/tasks/{task}/queries/${name}`, status: 404, code: 'query_not_declared' },
  ]),
  { name: 'a task named constructor', method: 'POST', path: '/tasks', body: { task_name: 'constructor' }, status: 400, code: 'unknown_task' },
  { name: 'a task named __proto__', method: 'POST', path: '/tasks', body: { task_name: '__proto__' }, status: 400, code: 'unknown_task' },
  { name: 'status=constructor', method: 'GET', path: '/tasks?status=constructor', status: 400, code: 'invalid_request', fields: ['querystring.status'] },
  { name: 'status=__proto__ in the legacy vocabulary', method: 'GET', path: '/tasks?status=__proto__', headers: { 'conveyor-vocabulary': 'legacy' }, status: 400, code: 'invalid_request', fields: ['querystring.status'] },
  // Unknown routes and tasks, odd ids
  { name: 'GET /nope', method: 'GET', path: '/nope', status: 404, code: 'route_not_found' },
  { name: 'POST /tasks/x/y/z', method: 'POST', path: '/tasks/x/y/z', status: 404, code: 'route_not_found' },
  // Known paths, other methods
  { name: 'DELETE /tasks', method: 'DELETE', path: '/tasks', status: 405, code: 'method_not_allowed', allow: 'GET, HEAD, POST' },
  { name: 'PUT /tasks/{id}', method: 'PUT', path: '/tasks/{task}', body: {}, status: 405, code: 'method_not_allowed', allow: 'DELETE, GET, HEAD' },
  { name: 'GET /tasks/{id}/cancel', method: 'GET', path: '/tasks/{task}/cancel', status: 405, code: 'method_not_allowed', allow: 'POST' },
  { name: 'PATCH /health', method: 'PATCH', path: '/health', status: 405, code: 'method_not_allowed', allow: 'GET, HEAD' },
  { name: 'OPTIONS /tasks/{id}/signals/{name}', method: 'OPTIONS', path: '/tasks/{task}/signals/progress', status: 405, code: 'method_not_allowed', allow: 'POST' },
  { name: 'POST /openapi.json', method: 'POST', path: '/openapi.json', body: {}, status: 405, code: 'method_not_allowed', allow: 'GET, HEAD' },
  { name: 'a NUL in a list filter', method: 'GET', path: '/tasks?task_name=a%00b', status: 400, code: 'invalid_request', fields: ['querystring.task_name'] },
  { name: 'a NUL as the whole list filter, against the real server', temporal: true, method: 'GET', path: '/tasks?task_name=%00', status: 400, code: 'invalid_request', fields: ['querystring.task_name'] },
  { name: 'a control character in the queue filter', method: 'GET', path: '/tasks?queue=%1B%5B31m', status: 400, code: 'invalid_request', fields: ['querystring.queue'] },
  { name: 'a DEL in the submitter filter', method: 'GET', path: '/tasks?submitter=a%7F', status: 400, code: 'invalid_request', fields: ['querystring.submitter'] },
  { name: 'a quote at the end of a list filter', method: 'GET', path: "/tasks?queue=computor-tasks'", status: 400, code: 'invalid_request', fields: ['querystring.queue'] },
  { name: 'a lone quote as the submitter filter', method: 'GET', path: "/tasks?submitter='", status: 400, code: 'invalid_request', fields: ['querystring.submitter'] },
  { name: 'unknown task id', temporal: true, method: 'GET', path: '/tasks/no-such-task-0f3a9c', status: 404, code: 'task_not_found' },
  { name: 'unknown task id on /result', temporal: true, method: 'GET', path: '/tasks/no-such-task-0f3a9c/result', status: 404, code: 'task_not_found' },
  { name: 'unknown task id on /result?wait', temporal: true, method: 'GET', path: '/tasks/no-such-task-0f3a9c/result?wait=5s', status: 404, code: 'task_not_found' },
  { name: 'unknown task id on cancel', temporal: true, method: 'POST', path: '/tasks/no-such-task-0f3a9c/cancel', status: 404, code: 'task_not_found' },
  { name: 'an id over the router limit', method: 'GET', path: `/tasks/${'a'.repeat(5000)}`, status: 414, code: 'uri_too_long' },
  { name: 'an id with broken percent-encoding', method: 'GET', path: '/tasks/%E0%A4%A', status: 400, code: 'invalid_url' },
  // Schedules: the body, the task's schema, then what only Temporal reads (the cron expressions)
  { name: 'a schedule without cron', method: 'POST', path: '/schedules', body: schedule({ cron: undefined }), status: 400, code: 'invalid_request', fields: ['body.cron'] },
  { name: 'a schedule with an empty list of cron expressions', method: 'POST', path: '/schedules', body: schedule({ cron: [] }), status: 400, code: 'invalid_request', fields: ['body.cron'] },
  { name: 'a cron expression with a newline', method: 'POST', path: '/schedules', body: schedule({ cron: '0 3 * * *\n0 4 * * *' }), status: 400, code: 'invalid_request', fields: ['body.cron'] },
  { name: 'a schedule without an id', method: 'POST', path: '/schedules', body: schedule({ schedule_id: undefined }), status: 400, code: 'invalid_request', fields: ['body.schedule_id'] },
  { name: 'a schedule id with a space', method: 'POST', path: '/schedules', body: schedule({ schedule_id: 'nightly report' }), status: 400, code: 'invalid_request', fields: ['body.schedule_id'] },
  { name: 'a schedule id with a quote', method: 'POST', path: '/schedules', body: schedule({ schedule_id: "o'clock" }), status: 400, code: 'invalid_request', fields: ['body.schedule_id'] },
  { name: 'a schedule id over 200 characters', method: 'POST', path: '/schedules', body: schedule({ schedule_id: 's'.repeat(201) }), status: 400, code: 'invalid_request', fields: ['body.schedule_id'] },
  { name: 'an overlap policy Conveyor does not offer', method: 'POST', path: '/schedules', body: schedule({ overlap: 'terminate_other' }), status: 400, code: 'invalid_request', fields: ['body.overlap'] },
  { name: 'paused "yes"', method: 'POST', path: '/schedules', body: schedule({ paused: 'yes' }), status: 400, code: 'invalid_request', fields: ['body.paused'] },
  { name: 'an unknown field in a schedule', method: 'POST', path: '/schedules', body: schedule({ every: '5m' }), status: 400, code: 'invalid_request', fields: ['body.every'] },
  { name: 'a schedule of an unknown task', method: 'POST', path: '/schedules', body: schedule({ task_name: 'no_such_task' }), status: 400, code: 'unknown_task' },
  { name: "a schedule whose parameters fail the task's schema", method: 'POST', path: '/schedules', body: schedule({ parameters: { duration: 'long' } }), status: 422, code: 'invalid_parameters', fields: ['parameters.duration'] },
  { name: 'a cron expression with four fields', temporal: true, method: 'POST', path: '/schedules', body: schedule({ cron: '0 3 * *' }), status: 400, code: 'invalid_cron', fields: ['body.cron'], mentions: ['5-7 fields'] },
  { name: 'a cron hour of 25', temporal: true, method: 'POST', path: '/schedules', body: schedule({ cron: ['0 3 * * *', '0 25 * * *'] }), status: 400, code: 'invalid_cron', fields: ['body.cron'], mentions: ['Hour'] },
  { name: 'GET /schedules?limit=0', method: 'GET', path: '/schedules?limit=0', status: 400, code: 'invalid_request', fields: ['querystring.limit'] },
  { name: 'a quote in the schedules task filter', method: 'GET', path: "/schedules?task_name=noop'", status: 400, code: 'invalid_request', fields: ['querystring.task_name'] },
  { name: 'a quote in the schedule_id filter of GET /tasks', method: 'GET', path: "/tasks?schedule_id=nightly'", status: 400, code: 'invalid_request', fields: ['querystring.schedule_id'] },
  { name: 'unknown schedule id', temporal: true, method: 'GET', path: '/schedules/no-such-schedule-0f3a9c', status: 404, code: 'schedule_not_found' },
  { name: 'triggering an unknown schedule', temporal: true, method: 'POST', path: '/schedules/no-such-schedule-0f3a9c/trigger', status: 404, code: 'schedule_not_found' },
  { name: 'PUT /schedules/{id}', method: 'PUT', path: '/schedules/nightly', body: {}, status: 405, code: 'method_not_allowed', allow: 'DELETE, GET, HEAD' },
];


/** The request of a case, `{task}` filled with `taskId`. */
export function requestOf(badRequest: BadRequest, taskId: string) {
  const { method, path, body, contentType, headers = {} } = badRequest;
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return {
    method,
    url: path.replace('{task}', encodeURIComponent(taskId)),
    // The API wants POST, PUT and PATCH said as JSON, body or not, as its clients send them.
    headers: { ...headers, ...(payload === undefined && !['POST', 'PUT', 'PATCH'].includes(method) ? {} : { 'content-type': contentType ?? json }) },
    payload,
  };
}

/** The answer is the case's documented 4xx, in the one error shape, naming the fields it should. */
export function expectRefusal(badRequest: BadRequest, answer: { status: number; contentType: string | null | undefined; allow: string | null | undefined; text: string }): void {
  expect(answer.status, `a server error: ${answer.text}`).toBeLessThan(500);
  expect(answer.status, answer.text).toBe(badRequest.status);
  expect(answer.contentType).toContain('application/json');
  const parsed = JSON.parse(answer.text) as unknown;
  expect(Object.keys(parsed as object)).toEqual(['error']);
  const { error } = errorBody.parse(parsed);
  expect(error.code).toBe(badRequest.code);
  expect(error.message.length).toBeGreaterThan(0);
  if (badRequest.fields) {
    const named = ((error.details as { fields?: { field: string }[] } | undefined)?.fields ?? []).map((f) => f.field);
    expect(named).toEqual(expect.arrayContaining(badRequest.fields));
  }
  for (const mention of badRequest.mentions ?? []) expect(error.message).toContain(mention);
  if (badRequest.allow) expect(answer.allow).toBe(badRequest.allow);
}
