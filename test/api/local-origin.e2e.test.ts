import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { startApi, submitTask, useApi, type ApiBody, type RunningApi } from '../helpers/api-harness';
import { uniqueQueue } from '../helpers/temporal';

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: ApiBody;
}

/**
 * One request with exactly these headers: fetch may not set `Host`, and adds a content type to a
 * string body; a browser's no-cors POST is `content-type: text/plain;charset=UTF-8` and no body.
 */
function send(api: RunningApi, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(api.base);
  return new Promise((resolve, reject) => {
    const request = http.request({ hostname, port, method, path, headers: { 'content-length': String(Buffer.byteLength(body ?? '')), ...headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        const json = response.headers['content-type']?.includes('json') ? (JSON.parse(text) as ApiBody) : { text };
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: json });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const ATTACKER = 'attacker.example';
const SECRET = `local-origin-${randomUUID()}`;

/**
 * The local API answers the local user, not the web pages the user visits: a page whose name
 * rebinds to 127.0.0.1 is refused by its `Host`; a page elsewhere cannot cancel a task or pause a
 * schedule, by its `Origin`, by the browser's `Sec-Fetch-Site`, nor with a POST a browser sends
 * without asking (no JSON content type); and every answer carries the dashboard's security headers.
 */
describe('the local API and web pages', () => {
  const harness = useApi();
  const queue = uniqueQueue('local-origin');
  const tasks: string[] = [];
  const schedules: string[] = [];

  /** A task on a queue no worker serves: it stays queued, so whatever changes it is the request under test. */
  const freshTask = async (): Promise<string> => {
    const taskId = await submitTask(harness.api, 'example_long_running', { duration: 30 }, queue);
    tasks.push(taskId);
    return taskId;
  };
  const freshSchedule = async (): Promise<string> => {
    const created = await harness.api.call('POST', '/schedules', { body: { task_name: 'noop', schedule_id: `local-origin-${randomUUID().slice(0, 8)}`, cron: '0 3 * * *', queue } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const scheduleId = created.body.schedule_id as string;
    schedules.push(scheduleId);
    return scheduleId;
  };
  const cancelPath = (taskId: string) => `/tasks/${encodeURIComponent(taskId)}/cancel`;
  const pausePath = (scheduleId: string) => `/schedules/${encodeURIComponent(scheduleId)}/pause`;
  /** Whether Temporal recorded a cancel request for the task: what a cancel the API let through leaves. */
  const cancelRequested = async (taskId: string): Promise<boolean> => {
    const history = await harness.client.workflow.getHandle(taskId).fetchHistory();
    return (history.events ?? []).some((event) => event.workflowExecutionCancelRequestedEventAttributes);
  };
  const paused = async (scheduleId: string): Promise<unknown> => (await harness.api.call('GET', `/schedules/${encodeURIComponent(scheduleId)}`)).body.paused;
  const expectRefused = (answer: RawAnswer, status: number, code: string) => {
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    expect(answer.body.error?.code).toBe(code);
  };

  afterAll(async () => {
    await Promise.allSettled(tasks.map((id) => harness.client.workflow.getHandle(id).terminate('local-origin test over')));
    await Promise.allSettled(schedules.map((id) => harness.client.schedule.getHandle(id).delete()));
  });

  it('refuses a forged Host with CONVEYOR_AUTH=none (403 host_not_allowed, naming it and the setting), answers loopback names on any port, and /health to any Host', async () => {
    const forged = await send(harness.api, 'GET', '/tasks?limit=1', { host: `${ATTACKER}:8000` });
    expectRefused(forged, 403, 'host_not_allowed');
    expect(forged.body.error?.message).toContain(`"${ATTACKER}:8000"`);
    expect(forged.body.error?.message).toContain('CONVEYOR_API_ALLOWED_HOSTS');
    for (const host of ['localhost:5173', '127.0.0.1', '127.1.2.3:8000', '[::1]:8000']) {
      expect((await send(harness.api, 'GET', '/tasks?limit=1', { host })).status, host).toBe(200);
    }
    // Orchestrators probe by pod IP or container name.
    expect((await send(harness.api, 'GET', '/health', { host: ATTACKER })).status).toBe(200);
  });

  it('serves a Host named in CONVEYOR_API_ALLOWED_HOSTS, and still refuses the others', async () => {
    const named = await startApi(harness.client, { CONVEYOR_API_ALLOWED_HOSTS: 'tasks.example.test' });
    try {
      expect((await send(named, 'GET', '/tasks?limit=1', { host: 'Tasks.Example.Test:8443' })).status).toBe(200);
      expectRefused(await send(named, 'GET', '/tasks?limit=1', { host: ATTACKER }), 403, 'host_not_allowed');
    } finally {
      await named.close();
    }
  });

  it('with CONVEYOR_AUTH=keys checks the Host only once CONVEYOR_API_ALLOWED_HOSTS is set', async () => {
    const keys = { CONVEYOR_AUTH: 'keys', CONVEYOR_API_KEYS: `ci:admin:${SECRET}` };
    const [open, named] = await Promise.all([startApi(harness.client, keys), startApi(harness.client, { ...keys, CONVEYOR_API_ALLOWED_HOSTS: 'tasks.example.test' })]);
    try {
      const withKey = { host: 'conveyor-api.tasks.svc:8000', authorization: `Bearer ${SECRET}` };
      expect((await send(open, 'GET', '/tasks?limit=1', withKey)).status).toBe(200);
      expectRefused(await send(named, 'GET', '/tasks?limit=1', withKey), 403, 'host_not_allowed');
    } finally {
      await Promise.all([open.close(), named.close()]);
    }
  });

  it("refuses a POST from another site's page by its Origin (403 cross_site_request), and the task and schedule stay as they were", async () => {
    const [taskId, scheduleId] = await Promise.all([freshTask(), freshSchedule()]);
    for (const origin of [`https://${ATTACKER}`, 'null']) {
      const fromPage = { ...JSON_TYPE, host: 'localhost', origin };
      expectRefused(await send(harness.api, 'POST', cancelPath(taskId), fromPage), 403, 'cross_site_request');
      expectRefused(await send(harness.api, 'POST', pausePath(scheduleId), fromPage), 403, 'cross_site_request');
      expectRefused(await send(harness.api, 'DELETE', `/tasks/${encodeURIComponent(taskId)}`, fromPage), 403, 'cross_site_request');
    }
    expect(await cancelRequested(taskId)).toBe(false);
    expect(await paused(scheduleId)).toBe(false);
  });

  it('refuses a POST the browser marks Sec-Fetch-Site: cross-site, whatever its Origin claims', async () => {
    const scheduleId = await freshSchedule();
    const answer = await send(harness.api, 'POST', pausePath(scheduleId), { ...JSON_TYPE, 'sec-fetch-site': 'cross-site', origin: 'http://localhost' });
    expectRefused(answer, 403, 'cross_site_request');
    expect(answer.body.error?.message).toContain('Sec-Fetch-Site');
    expect(await paused(scheduleId)).toBe(false);
  });

  it("answers 415 to a body-less text/plain POST (a page's fetch with mode: 'no-cors') and to one with no content type, and changes nothing", async () => {
    const [taskId, scheduleId] = await Promise.all([freshTask(), freshSchedule()]);
    const noCors: Record<string, string>[] = [{ 'content-type': 'text/plain;charset=UTF-8' }, {}];
    for (const headers of noCors) {
      const cancel = await send(harness.api, 'POST', cancelPath(taskId), headers);
      expectRefused(cancel, 415, 'unsupported_media_type');
      expect(cancel.body.error?.message).toContain('application/json');
      expectRefused(await send(harness.api, 'POST', pausePath(scheduleId), headers), 415, 'unsupported_media_type');
    }
    expect(await cancelRequested(taskId)).toBe(false);
    expect(await paused(scheduleId)).toBe(false);
  });

  it('does the same actions said as JSON without a body, from this API’s own pages or a dev server on another loopback port; DELETE needs no content type', async () => {
    const [taskId, deletedTaskId, scheduleId] = await Promise.all([freshTask(), freshTask(), freshSchedule()]);
    const port = new URL(harness.api.base).port;
    const cancel = await send(harness.api, 'POST', cancelPath(taskId), { ...JSON_TYPE, host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(202);
    expect(await cancelRequested(taskId)).toBe(true);
    // What the dashboard sends through Vite's dev server, which proxies /schedules to the API.
    const pause = await send(harness.api, 'POST', pausePath(scheduleId), { 'content-type': 'application/json; charset=utf-8', host: 'localhost:5173', origin: 'http://localhost:5173', 'sec-fetch-site': 'same-origin' });
    expect(pause.status, JSON.stringify(pause.body)).toBe(200);
    expect(await paused(scheduleId)).toBe(true);
    expect((await send(harness.api, 'DELETE', `/tasks/${encodeURIComponent(deletedTaskId)}`, {})).status).toBe(202);
    expect(await cancelRequested(deletedTaskId)).toBe(true);
  });

  it('still answers 400 invalid_json to an empty body said as JSON where the route needs a body', async () => {
    const submit = await send(harness.api, 'POST', '/tasks', JSON_TYPE);
    expectRefused(submit, 400, 'invalid_json');
  });

  it('sends the dashboard, the API’s answers, its event streams and its refusals with a strict Content-Security-Policy, nosniff and a Referrer-Policy', async () => {
    // An event stream answers with headers the route writes itself (it takes the raw response over).
    const stopStream = new AbortController();
    const stream = await fetch(`${harness.api.base}/tasks/events`, { signal: stopStream.signal });
    stopStream.abort();
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const answers = {
      dashboard: await send(harness.api, 'GET', '/admin/', {}),
      api: await send(harness.api, 'GET', '/tasks?limit=1', {}),
      stream: { headers: Object.fromEntries(stream.headers) },
      refusal: await send(harness.api, 'GET', '/tasks?limit=1', { host: ATTACKER }),
    };
    expect(answers.dashboard.headers['content-type']).toContain('text/html');
    for (const [name, answer] of Object.entries(answers)) {
      const policy = String(answer.headers['content-security-policy']).split(';');
      expect(policy, name).toEqual(expect.arrayContaining(["default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "connect-src 'self'"]));
      expect(answer.headers['x-content-type-options'], name).toBe('nosniff');
      expect(answer.headers['referrer-policy'], name).toBe('no-referrer');
    }
  });
});
