import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { describe, expect, inject, it } from 'vitest';
import { startApi, until, useApi, type RunningApi, type TaskAnswer } from '../helpers/api-harness';
import { startWorkerProcess, uniqueQueue } from '../helpers/temporal';

const SECRET = {
  admin: `signin-admin-${randomUUID()}`,
  viewer: `signin-viewer-${randomUUID()}`,
  alice: `signin-alice-${randomUUID()}`,
  carol: `signin-carol-${randomUUID()}`,
  dana: `signin-dana-${randomUUID()}`,
  wrong: `signin-wrong-${randomUUID()}`,
};
const bearer = (secret: string): string => `Bearer ${secret}`;
const basic = (name: string, password: string): string => `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;
/** Failed sign-ins allowed per minute in this file: small, so the limit is reached in a few requests. */
const LIMIT = 3;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/**
 * Sign-ins bounded and visible, and less exposure, over real HTTP against the shared dev server:
 * the failed sign-in limit per address and per user name, its metric and log lines, GET /me, the
 * 401's challenge, worker identities for admins only, and GET /ready's one Temporal call a second.
 */
describe('Task API: sign-ins and exposure', () => {
  const logLines: string[] = [];
  const harness = useApi(
    {
      CONVEYOR_AUTH: 'keys',
      CONVEYOR_API_KEYS: `root:admin:${SECRET.admin},vera:viewer:${SECRET.viewer},alice:submitter:${SECRET.alice}`,
      CONVEYOR_USERS: `carol:submitter:${SECRET.carol},dana:viewer:${SECRET.dana}`,
      CONVEYOR_AUTH_FAILURE_LIMIT: String(LIMIT),
      CONVEYOR_TEMPORAL_UI_URL: 'http://temporal-ui.example:8080',
    },
    { log: pino({ level: 'warn' }, { write: (line: string) => void logLines.push(line) }) },
  );

  /**
   * A request from `from`, a loopback address of its own: every 127.x address reaches the API, and
   * the API counts failures per address, so each test fails from an address no other test uses.
   */
  const callFrom = (from: string, method: string, path: string, authorization?: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const url = new URL(path, harness.api.base);
      const request = http.request(url, { method, localAddress: from, headers: authorization ? { authorization } : {} }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
      });
      request.on('error', reject);
      request.end();
    });
  const codeOf = (answer: Answer): string | undefined => (JSON.parse(answer.text) as { error?: { code: string } }).error?.code;

  it('after the limit of failed sign-ins from an address, answers 429 with Retry-After, even to the right password', async () => {
    const from = '127.0.0.10';
    for (let failure = 1; failure <= LIMIT; failure++) {
      expect((await callFrom(from, 'GET', '/tasks', bearer(SECRET.wrong))).status, `failure ${failure}`).toBe(401);
    }
    const limited = await callFrom(from, 'GET', '/tasks', bearer(SECRET.wrong));
    expect(limited.status).toBe(429);
    expect(codeOf(limited)).toBe('too_many_failed_sign_ins');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The right key does not help a guesser: it is not even checked until the window ends.
    const right = await callFrom(from, 'GET', '/tasks', bearer(SECRET.admin));
    expect(right.status).toBe(429);
    expect((await callFrom(from, 'GET', '/me', basic('carol', SECRET.carol))).status).toBe(429);
    // Other addresses are not affected.
    expect((await callFrom('127.0.0.1', 'GET', '/tasks', bearer(SECRET.admin))).status).toBe(200);
  });

  it("counts a user's failed passwords across addresses, and then refuses that user from anywhere", async () => {
    expect((await callFrom('127.0.0.20', 'GET', '/tasks', basic('dana', SECRET.wrong))).status).toBe(401);
    expect((await callFrom('127.0.0.21', 'GET', '/tasks', basic('dana', SECRET.wrong))).status).toBe(401);
    expect((await callFrom('127.0.0.22', 'GET', '/tasks', basic('dana', SECRET.wrong))).status).toBe(401);
    // A fourth address, which has never failed, with dana's right password.
    const limited = await callFrom('127.0.0.23', 'GET', '/tasks', basic('dana', SECRET.dana));
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    // The address itself is free: another user signs in from it.
    expect((await callFrom('127.0.0.23', 'GET', '/tasks', basic('carol', SECRET.carol))).status).toBe(200);
  });

  it('counts failures in conveyor_api_auth_failures_total by reason, and logs them with the user name and never the secret', async () => {
    const metric = async (reason: string): Promise<number> => {
      const text = (await callFrom('127.0.0.1', 'GET', '/metrics', bearer(SECRET.admin))).text;
      return Number(new RegExp(`^conveyor_api_auth_failures_total\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    };
    const before = { invalid: await metric('invalid_credentials'), limited: await metric('rate_limited') };
    // A name no user has: counted by address only, but logged all the same.
    const from = '127.0.0.30';
    const wrongPassword = `pw-${randomUUID()}`;
    for (let failure = 1; failure <= LIMIT; failure++) await callFrom(from, 'GET', '/tasks', basic('mallory', wrongPassword));
    expect((await callFrom(from, 'GET', '/tasks', basic('mallory', wrongPassword))).status).toBe(429);
    expect(await metric('invalid_credentials')).toBe(before.invalid + LIMIT);
    expect(await metric('rate_limited')).toBe(before.limited + 1);

    const lines = logLines.filter((line) => line.includes(from)).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line.reason === 'invalid_credentials')).toHaveLength(LIMIT);
    expect(lines.filter((line) => line.reason === 'rate_limited')).toHaveLength(1);
    for (const line of lines) expect(line).toMatchObject({ level: 40, address: from, scheme: 'basic', user: 'mallory' });
    const logs = logLines.join('\n');
    expect(logs).not.toContain(wrongPassword);
    expect(logs).not.toContain(basic('mallory', wrongPassword).slice('Basic '.length));
    expect(logs).not.toContain(SECRET.wrong);
    // The metric has no user names in it.
    expect((await callFrom('127.0.0.1', 'GET', '/metrics', bearer(SECRET.admin))).text).not.toMatch(/conveyor_api_auth_failures_total\{[^}]*(carol|dana|mallory)/);
  });

  it('GET /me: wrong credentials are a 401 like everywhere; no credentials tell nothing about the namespace or the Web UI', async () => {
    const wrong = await callFrom('127.0.0.40', 'GET', '/me', bearer(SECRET.wrong));
    expect(wrong.status).toBe(401);
    expect(codeOf(wrong)).toBe('unauthorized');
    const anonymous = await callFrom('127.0.0.40', 'GET', '/me');
    expect(anonymous.status).toBe(200);
    expect(JSON.parse(anonymous.text)).toEqual({ auth: 'keys', signed_in: false, name: null, role: null, namespace: null, temporal_ui_url: null });
    expect(anonymous.text).not.toContain('temporal-ui.example');
    const signedIn = await callFrom('127.0.0.1', 'GET', '/me', bearer(SECRET.viewer));
    expect(JSON.parse(signedIn.text)).toEqual({ auth: 'keys', signed_in: true, name: 'vera', role: 'viewer', namespace: 'default', temporal_ui_url: 'http://temporal-ui.example:8080' });
  });

  it('a 401 challenges with Bearer only, so a browser shows no Basic prompt of its own; Basic still signs in', async () => {
    for (const authorization of [undefined, bearer(SECRET.wrong)]) {
      const answer = await callFrom('127.0.0.50', 'GET', '/tasks', authorization);
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="conveyor"');
    }
    expect((await callFrom('127.0.0.1', 'GET', '/tasks', basic('carol', SECRET.carol))).status).toBe(200);
  });

  it('shows worker identities (worker, pending_activities[].last_worker) to an admin only, in both vocabularies', async () => {
    const queue = uniqueQueue('signin-workers');
    const worker = await startWorkerProcess([queue]);
    const as = (secret: string, extra: Record<string, string> = {}) => ({ headers: { authorization: bearer(secret), ...extra } });
    let taskId: string | undefined;
    try {
      const submitted = await harness.api.call<{ task_id: string }>('POST', '/tasks', { body: { task_name: 'example_long_running', parameters: { duration: 60, message: 'workers' }, queue }, ...as(SECRET.alice) });
      expect(submitted.status).toBe(201);
      taskId = submitted.body.task_id;
      const path = `/tasks/${encodeURIComponent(taskId)}`;
      // The admin's view, once the activity runs: who runs it.
      const byAdmin = await untilWorkingAs(harness.api, path, as(SECRET.admin));
      expect(byAdmin.body.worker).toMatch(/^\d+@/);
      expect(byAdmin.body.pending_activities[0]?.last_worker).toMatch(/^\d+@/);
      for (const secret of [SECRET.viewer, SECRET.alice]) {
        const view = await harness.api.call<TaskAnswer>('GET', path, as(secret));
        expect(view.status).toBe(200);
        expect(view.body.worker).toBeNull();
        expect(view.body.pending_activities.length).toBeGreaterThan(0);
        expect(view.body.pending_activities.map((activity) => activity.last_worker)).toEqual(view.body.pending_activities.map(() => null));
        const legacy = await harness.api.call<TaskAnswer>('GET', path, as(secret, { 'conveyor-vocabulary': 'legacy' }));
        expect(legacy.body.worker).toBeNull();
      }
      expect((await harness.api.call<TaskAnswer>('GET', path, as(SECRET.admin, { 'conveyor-vocabulary': 'legacy' }))).body.worker).toMatch(/^\d+@/);
    } finally {
      if (taskId) await harness.client.workflow.getHandle(taskId).terminate('api-sign-in test over').catch(() => undefined);
      worker.kill('SIGTERM');
      await worker.exited();
    }
  });

  it('GET /ready asks Temporal at most about once a second, whatever the request rate, and says it may be cached that long', async () => {
    // A connection of its own whose DescribeNamespace calls are counted on their way to Temporal.
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    const service = connection.workflowService;
    const describeNamespace = service.describeNamespace.bind(service);
    let describeCalls = 0;
    service.describeNamespace = ((request: Parameters<typeof describeNamespace>[0]) => {
      describeCalls++;
      return describeNamespace(request);
    }) as typeof service.describeNamespace;
    const probed = await startApi(new Client({ connection, namespace: 'default' }));
    try {
      const began = performance.now();
      const answers = await Promise.all(Array.from({ length: 50 }, () => probed.call('GET', '/ready')));
      const burstSeconds = (performance.now() - began) / 1000;
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
      expect(answers[0]?.headers.get('cache-control')).toBe('max-age=1');
      // At most one call per second the burst lasted (one shared by all 50 on a quick machine), never one per request.
      expect(describeCalls).toBeGreaterThanOrEqual(1);
      expect(describeCalls, `${describeCalls} calls in ${burstSeconds.toFixed(1)} s`).toBeLessThanOrEqual(Math.ceil(burstSeconds) + 1);
    } finally {
      await probed.close();
      await connection.close();
    }
  });
});

/** GET `path` until its activity reports working progress; the answer. */
function untilWorkingAs(api: RunningApi, path: string, options: { headers: Record<string, string> }) {
  return until(
    () => api.call<TaskAnswer>('GET', path, options),
    (answer) => answer.body.progress?.stage === 'working' && answer.body.pending_activities.length > 0,
  );
}
