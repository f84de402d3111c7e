import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refuseOpenServerWithoutAuth, runApi } from '../../src/api/server';
import { loadSettings, SettingsError } from '../../src/config';
import { runCli } from '../helpers/cli';
import { examplesProject } from '../helpers/examples';
import { openTaskChanges } from '../helpers/sse';
import { startApi, useApi } from '../helpers/api-harness';
import { sharedServerEnv, uniqueQueue } from '../helpers/temporal';
import { until } from '../helpers/until';

/** Distinctive secrets, so that finding one in a log line or a response body is never a coincidence. */
const SECRET = {
  admin: `adm-secret-${randomUUID()}`,
  alice: `alice-secret-${randomUUID()}`,
  bob: `bob-secret-${randomUUID()}`,
  viewer: `viewer-secret-${randomUUID()}`,
  carol: `carol-password-${randomUUID()}`,
  wrong: `wrong-secret-${randomUUID()}`,
};

const bearer = (secret: string): string => `Bearer ${secret}`;
const basic = (name: string, password: string): string => `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

const AS = {
  admin: bearer(SECRET.admin),
  alice: bearer(SECRET.alice),
  bob: bearer(SECRET.bob),
  viewer: bearer(SECRET.viewer),
  /** An HTTP Basic user with the submitter role. */
  carol: basic('carol', SECRET.carol),
};

/** Credentials that must never get in: the 401 cases of the route walk. */
const REJECTED: [label: string, header: string | undefined][] = [
  ['no credentials', undefined],
  ['a wrong API key', bearer(SECRET.wrong)],
  ['a wrong Basic password', basic('carol', SECRET.wrong)],
  ["an API key used as a Basic user's password", basic('alice', SECRET.alice)],
  ['an unknown scheme', `Token ${SECRET.alice}`],
];

/** Routes that answer without credentials; the document marks them `security: []`. */
const PUBLIC_OPERATIONS = ['GET /health', 'GET /ready'];
/**
 * Routes where credentials are optional (the document lists the empty requirement `{}` among
 * others): GET /me tells a caller without credentials only that, and answers wrong ones 401.
 */
const OPTIONAL_OPERATIONS = ['GET /me'];
/** Paths the document must hold, so that an empty or truncated document cannot pass the walk. */
const CORE_PATHS = [
  '/tasks',
  '/tasks/submit',
  '/tasks/types',
  '/tasks/events',
  '/tasks/{id}',
  '/tasks/{id}/status',
  '/tasks/{id}/result',
  '/tasks/{id}/events',
  '/tasks/{id}/cancel',
  '/tasks/{id}/signals/{name}',
  '/tasks/{id}/queries/{name}',
  '/tasks/{id}/history',
  '/workers',
  '/health',
  '/ready',
  '/metrics',
];
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: {
    error?: { code: string; message: string };
    task_id?: string;
    submitter?: string | null;
    status?: string;
    action?: string;
    tasks?: { task_id: string; submitter: string | null }[];
  };
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, { security?: Record<string, unknown>[] }>>;
}

/**
 * The Task API with CONVEYOR_AUTH=keys on the shared dev server: every route's authentication,
 * the role and ownership matrix, secrets kept out of logs and answers, and the start-up checks.
 */
describe('Task API auth', () => {
  const logLines: string[] = [];
  const bodies: string[] = [];
  /** A queue no worker serves: tasks there stay queued and change only when a test changes them. */
  const idleQueue = uniqueQueue('auth');
  const created: string[] = [];
  const harness = useApi(
    {
      ...sharedServerEnv(),
      CONVEYOR_AUTH: 'keys',
      CONVEYOR_API_KEYS: `root:admin:${SECRET.admin},alice:submitter:${SECRET.alice},bob:submitter:${SECRET.bob},vera:viewer:${SECRET.viewer}`,
      CONVEYOR_USERS: `carol:submitter:${SECRET.carol}`,
      // The route walk fails hundreds of sign-ins from this one address on purpose (api-sign-in tests the limit).
      CONVEYOR_AUTH_FAILURE_LIMIT: '1000000',
    },
    { log: pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) }) },
  );
  let base: string;
  let aliceTask: string;
  let bobTask: string;

  async function call(method: string, path: string, auth?: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = auth ? { authorization: auth } : {};
    // The API wants every POST said as JSON, body or not (see api-local-origin.e2e.test.ts).
    if (body !== undefined || method === 'POST') headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    bodies.push(text);
    let json: Answer['json'] = {};
    if (text && response.headers.get('content-type')?.includes('json')) json = JSON.parse(text) as Answer['json'];
    return { status: response.status, headers: response.headers, text, json };
  }

  async function submit(auth: string, queue = idleQueue): Promise<string> {
    const answer = await call('POST', '/tasks', auth, { task_name: 'example_long_running', parameters: { duration: 30, message: 'auth test' }, queue });
    expect(answer.status, answer.text).toBe(201);
    created.push(answer.json.task_id ?? '');
    return answer.json.task_id ?? '';
  }

  /** Visibility is eventually consistent: asks again until the answer satisfies `check`. */
  const eventually = (request: () => Promise<Answer>, check: (answer: Answer) => boolean): Promise<Answer> => until(request, check, { tries: 50, intervalMs: 100 });

  const listed = (answer: Answer): string[] => (answer.json.tasks ?? []).map((task) => task.task_id);

  beforeAll(async () => {
    base = harness.api.base;
    [aliceTask, bobTask] = await Promise.all([submit(AS.alice), submit(AS.bob)]);
  });

  afterAll(async () => {
    await Promise.allSettled(created.map((id) => harness.client.workflow.getHandle(id).terminate('api-auth test cleanup')));
  });

  describe('every route in the OpenAPI document', () => {
    let operations: { method: string; path: string; url: string; public: boolean; optional: boolean }[];

    beforeAll(async () => {
      const document = (await call('GET', '/openapi.json')).json as OpenApiDocument;
      const fill = (path: string): string =>
        path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(name === 'id' ? aliceTask : name === 'name' ? 'progress' : 'x'));
      operations = Object.entries(document.paths ?? {}).flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([method]) => HTTP_METHODS.includes(method))
          .map(([method, operation]) => ({
            method: method.toUpperCase(),
            path,
            url: fill(path),
            public: operation.security?.length === 0,
            optional: operation.security?.some((requirement) => Object.keys(requirement).length === 0) === true,
          })),
      );
    });

    it('the document holds at least the core paths, and marks exactly the public routes as such', () => {
      const paths = new Set(operations.map((op) => op.path));
      expect([...paths]).toEqual(expect.arrayContaining(CORE_PATHS));
      expect(operations.length).toBeGreaterThanOrEqual(18);
      expect(operations.filter((op) => op.public).map((op) => `${op.method} ${op.path}`).sort()).toEqual([...PUBLIC_OPERATIONS].sort());
      expect(operations.filter((op) => op.optional).map((op) => `${op.method} ${op.path}`).sort()).toEqual([...OPTIONAL_OPERATIONS].sort());
    });

    it.each(REJECTED)('every non-public operation answers 401 with a Bearer-only WWW-Authenticate to %s', async (_label, header) => {
      const wrong: string[] = [];
      // Without credentials an optional operation answers as to nobody; wrong ones are a 401 there too.
      for (const op of operations.filter((o) => !o.public && !(o.optional && header === undefined))) {
        for (const method of op.method === 'GET' ? ['GET', 'HEAD'] : [op.method]) {
          const answer = await call(method, op.url, header, ['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined);
          const challenge = answer.headers.get('www-authenticate') ?? '';
          // Bearer only: a Basic challenge makes a browser pop up its own prompt over the dashboard's sign-in.
          const ok = answer.status === 401 && challenge === 'Bearer realm="conveyor"' && (method === 'HEAD' || answer.json.error?.code === 'unauthorized');
          if (!ok) wrong.push(`${method} ${op.url} → ${answer.status} ${challenge} ${answer.text.slice(0, 120)}`);
        }
      }
      expect(wrong).toEqual([]);
    });

    it('public and optional routes, the document and the docs answer without credentials', async () => {
      for (const op of operations.filter((o) => o.public || o.optional)) {
        expect((await call(op.method, op.url)).status, `${op.method} ${op.url}`).toBe(200);
      }
      expect((await call('GET', '/openapi.json')).status).toBe(200);
      const docs = await call('GET', '/docs');
      expect(docs.status).toBe(200);
      expect(docs.text).toContain('swagger');
    });
  });

  it("a task's submitter is the name of the key or user that submitted it", async () => {
    expect((await call('GET', `/tasks/${aliceTask}`, AS.alice)).json.submitter).toBe('alice');
    expect((await call('GET', `/tasks/${bobTask}`, AS.admin)).json.submitter).toBe('bob');
    const byAdmin = await call('POST', '/tasks', AS.admin, { task_name: 'example_long_running', queue: idleQueue });
    created.push(byAdmin.json.task_id ?? '');
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.json.submitter).toBe('root');
  });

  describe('viewer', () => {
    it.each([
      ['POST', '/tasks', { task_name: 'example_long_running' }],
      ['POST', '/tasks/submit', { task_name: 'example_long_running' }],
      ['POST', '/tasks/{alice}/cancel', undefined],
      ['POST', '/tasks/{alice}/cancel?mode=terminate', undefined],
      ['DELETE', '/tasks/{alice}', undefined],
      ['DELETE', '/tasks/{alice}?purge=true', undefined],
      ['POST', '/tasks/{alice}/signals/progress', {}],
    ])('gets 403 on %s %s', async (method, path, body) => {
      const answer = await call(method, path.replace('{alice}', aliceTask), AS.viewer, body);
      expect(answer.status, answer.text).toBe(403);
      expect(answer.json.error?.code).toBe('forbidden');
    });

    it("reads every task, and lists everyone's", async () => {
      for (const path of [`/tasks/${aliceTask}`, `/tasks/${aliceTask}/status`, `/tasks/${bobTask}`]) {
        const answer = await call('GET', path, AS.viewer);
        expect(answer.status, path).toBe(200);
      }
      expect((await call('GET', `/tasks/${aliceTask}/result`, AS.viewer)).status).toBe(202);
      expect((await call('GET', `/tasks/${aliceTask}/result?wait=1s`, AS.viewer)).status).toBe(202);
      const list = await eventually(
        () => call('GET', `/tasks?queue=${idleQueue}`, AS.viewer),
        (answer) => listed(answer).includes(aliceTask) && listed(answer).includes(bobTask),
      );
      expect(listed(list)).toEqual(expect.arrayContaining([aliceTask, bobTask]));
    });
  });

  describe("submitter bob on alice's task", () => {
    it.each([
      ['GET', ''],
      ['GET', '/status'],
      ['GET', '/result'],
      ['GET', '/result?wait=1s'],
      ['GET', '/events'],
      ['GET', '/queries/progress'],
      ['POST', '/cancel'],
      ['POST', '/cancel?mode=terminate'],
      ['DELETE', ''],
      ['DELETE', '?purge=true'],
      ['POST', '/signals/progress'],
    ])('gets 404, as if it did not exist, on %s /tasks/{id}%s', async (method, suffix) => {
      const answer = await call(method, `/tasks/${aliceTask}${suffix}`, AS.bob, method === 'POST' && suffix.startsWith('/signals') ? {} : undefined);
      expect(answer.status, answer.text).toBe(404);
      expect(answer.json.error?.code).toBe('task_not_found');
    });

    it("never lists alice's tasks, even when asking for them by submitter", async () => {
      for (const filter of [`queue=${idleQueue}`, `queue=${idleQueue}&submitter=alice`, 'submitter=alice']) {
        const answer = await eventually(
          () => call('GET', `/tasks?${filter}&limit=200`, AS.bob),
          (a) => listed(a).includes(bobTask),
        );
        expect(answer.status).toBe(200);
        expect(listed(answer), filter).toContain(bobTask);
        expect(listed(answer), filter).not.toContain(aliceTask);
        expect(new Set(answer.json.tasks?.map((task) => task.submitter)), filter).toEqual(new Set(['bob']));
      }
    });

    it("follows only his own tasks in GET /tasks/events, where a viewer sees alice's too", async () => {
      const asBob = await openTaskChanges<{ task_id: string; submitter: string | null }>(`${base}/tasks/events`, { authorization: AS.bob });
      const asViewer = await openTaskChanges<{ task_id: string }>(`${base}/tasks/events`, { authorization: AS.viewer });
      try {
        const ids = (rows: { task_id: string }[]) => rows.map((row) => row.task_id);
        await asViewer.until((rows) => ids(rows).includes(aliceTask) && ids(rows).includes(bobTask));
        await asBob.until((rows) => ids(rows).includes(bobTask));
        // Bob's stream is subscribed (it sent his task) and the feed has read alice's (the viewer got
        // it): a leaked row would be on bob's stream already, among the rows it opened with or in
        // that read. A task bob submits now comes in a later read, so behind it on the same stream.
        const later = await submit(AS.bob);
        await asBob.until((rows) => ids(rows).includes(later));
        expect(ids(asBob.rows)).not.toContain(aliceTask);
        expect(new Set(asBob.rows.map((row) => row.submitter))).toEqual(new Set(['bob']));
      } finally {
        asBob.close();
        asViewer.close();
      }
    });
  });

  it('submitter alice sees her task, asks its progress and cancels it', async () => {
    const running = await submit(AS.alice, 'computor-long-running');
    expect((await call('GET', `/tasks/${running}`, AS.alice)).status).toBe(200);
    const progress = await call('GET', `/tasks/${running}/queries/progress`, AS.alice);
    expect(progress.status, progress.text).toBe(200);
    const list = await eventually(() => call('GET', '/tasks?submitter=alice&limit=200', AS.alice), (a) => listed(a).includes(running));
    expect(listed(list)).toEqual(expect.arrayContaining([running]));
    const cancel = await call('POST', `/tasks/${running}/cancel`, AS.alice);
    expect(cancel.status, cancel.text).toBe(202);
    expect(cancel.json.action).toBe('cancel_requested');
    const ended = await eventually(() => call('GET', `/tasks/${running}`, AS.alice), (a) => a.json.status === 'cancelled');
    expect(ended.json.status).toBe('cancelled');
  });

  describe('admin', () => {
    it("reads, streams and signals anyone's task, and lists every submitter's", async () => {
      for (const suffix of ['', '/status']) expect((await call('GET', `/tasks/${aliceTask}${suffix}`, AS.admin)).status).toBe(200);
      expect((await call('GET', `/tasks/${bobTask}/result`, AS.admin)).status).toBe(202);
      const undeclared = await call('POST', `/tasks/${aliceTask}/signals/nope`, AS.admin, {});
      expect(undeclared.json.error?.code).toBe('signal_not_declared');
      const list = await eventually(
        () => call('GET', `/tasks?queue=${idleQueue}`, AS.admin),
        (answer) => listed(answer).includes(aliceTask) && listed(answer).includes(bobTask),
      );
      expect(listed(list)).toEqual(expect.arrayContaining([aliceTask, bobTask]));

      const abort = new AbortController();
      const events = await fetch(`${base}/tasks/${aliceTask}/events`, { headers: { authorization: AS.admin }, signal: abort.signal });
      expect(events.status).toBe(200);
      expect(events.headers.get('content-type')).toContain('text/event-stream');
      abort.abort();
    });

    it('terminates and purges a task; a submitter may not purge, even her own', async () => {
      const task = await submit(AS.alice);
      const terminated = await call('DELETE', `/tasks/${task}?mode=terminate`, AS.admin);
      expect(terminated.status, terminated.text).toBe(200);
      expect(terminated.json.action).toBe('terminated');

      const byOwner = await call('DELETE', `/tasks/${task}?purge=true`, AS.alice);
      expect(byOwner.status).toBe(403);
      expect(byOwner.json.error?.code).toBe('forbidden');
      expect((await call('DELETE', `/tasks/${task}?purge=true`, AS.bob)).status).toBe(404);

      const purged = await call('DELETE', `/tasks/${task}?purge=true`, AS.admin);
      expect(purged.status, purged.text).toBe(202);
      expect(purged.json.action).toBe('delete_requested');
      // Temporal deletes asynchronously (about 30 s on the dev server): the 200 is the API's part.
    });

    it("cancels someone else's task", async () => {
      const task = await submit(AS.bob);
      const cancel = await call('POST', `/tasks/${task}/cancel`, AS.admin);
      expect(cancel.status, cancel.text).toBe(202);
    });
  });

  it('a Basic user works like an API key of its role', async () => {
    const task = await submit(AS.carol);
    const own = await call('GET', `/tasks/${task}`, AS.carol);
    expect(own.status).toBe(200);
    expect(own.json.submitter).toBe('carol');
    expect((await call('GET', `/tasks/${aliceTask}`, AS.carol)).status).toBe(404);
    expect((await call('POST', `/tasks/${aliceTask}/cancel`, AS.carol)).status).toBe(404);
    expect((await call('POST', `/tasks/${task}/cancel`, AS.carol)).status).toBe(202);
    expect((await call('DELETE', `/tasks/${task}?purge=true`, AS.carol)).status).toBe(403);
  });

  describe('operators’ routes: /metrics, /workers and its alias', () => {
    const OPERATOR_PATHS = ['/metrics', '/workers', '/tasks/workers/status'];

    it.each(OPERATOR_PATHS)('%s answers an admin, and 403 forbidden to a viewer, a submitter and a Basic user', async (path) => {
      expect((await call('GET', path, AS.admin)).status).toBe(200);
      for (const who of [AS.viewer, AS.alice, AS.carol]) {
        const answer = await call('GET', path, who);
        expect(answer.status, answer.text).toBe(403);
        expect(answer.json.error?.code).toBe('forbidden');
      }
    });

    it('CONVEYOR_METRICS_ACCESS=read lets a viewer key scrape, =public anyone; CONVEYOR_WORKERS_ACCESS=read lets a viewer see workers', async () => {
      const keys = { ...sharedServerEnv(), CONVEYOR_AUTH: 'keys', CONVEYOR_API_KEYS: `vera:viewer:${SECRET.viewer}` };
      const readable = await startApi(harness.client, { ...keys, CONVEYOR_METRICS_ACCESS: 'read', CONVEYOR_WORKERS_ACCESS: 'read' });
      const open = await startApi(harness.client, { ...keys, CONVEYOR_METRICS_ACCESS: 'public' });
      try {
        const as = (auth?: string) => (auth ? { headers: { authorization: auth } } : {});
        expect((await readable.call('GET', '/metrics', as(AS.viewer))).status).toBe(200);
        expect((await readable.call('GET', '/workers', as(AS.viewer))).status).toBe(200);
        expect((await readable.call('GET', '/metrics')).status).toBe(401);
        expect((await open.call('GET', '/metrics')).status).toBe(200);
        expect((await open.call('GET', '/workers', as(AS.viewer))).status).toBe(403);
        // The document says who may: /metrics is public only where it is.
        const securityOf = async (api: typeof open) => (await api.call<OpenApiDocument>('GET', '/openapi.json')).body.paths?.['/metrics']?.get?.security;
        expect(await securityOf(open)).toEqual([]);
        expect(await securityOf(readable)).toBeUndefined();
      } finally {
        await Promise.all([readable.close(), open.close()]);
      }
    });
  });

  // Last in the file: every request above, with valid and invalid secrets, has been made and recorded.
  it('no secret ever appears in the logs or in a response body', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(bodies.length).toBeGreaterThan(50);
    const presented = [...Object.values(SECRET), ...Object.values(AS), basic('carol', SECRET.wrong), basic('alice', SECRET.alice)];
    const encoded = presented.map((header) => header.replace(/^Basic /, ''));
    const logs = logLines.join('\n');
    const answers = bodies.join('\n');
    for (const secret of [...Object.values(SECRET), ...encoded]) {
      expect(logs.includes(secret), `a secret in the logs: ${secret.slice(0, 10)}…`).toBe(false);
      expect(answers.includes(secret), `a secret in a response body: ${secret.slice(0, 10)}…`).toBe(false);
    }
  });
});

describe('auth settings and start-up', () => {
  const api = (env: NodeJS.ProcessEnv) => loadSettings(env).api;

  it.each(['0.0.0.0', '::', '192.168.1.10', 'api.example.com'])('refuses CONVEYOR_AUTH=none on %s', (host) => {
    const settings = api({ CONVEYOR_API_HOST: host });
    expect(() => refuseOpenServerWithoutAuth(settings)).toThrow(SettingsError);
    expect(() => refuseOpenServerWithoutAuth(settings)).toThrow(/CONVEYOR_AUTH/);
  });

  it('`conveyor api` beyond loopback with a key under 16 characters exits 2 naming the setting and the entry, never the key', async () => {
    const shortKey = 'short-key-42';
    const { code, stdout, stderr } = await runCli(['api'], {
      ...sharedServerEnv(),
      CONVEYOR_API_HOST: '0.0.0.0',
      CONVEYOR_API_PORT: '0',
      CONVEYOR_AUTH: 'keys',
      CONVEYOR_API_KEYS: `ci:admin:${shortKey},ops:admin:${SECRET.admin}`,
    });
    expect(code, stderr).toBe(2);
    expect(stderr).toContain('CONVEYOR_API_KEYS: the key of "ci" is shorter than 16 characters');
    expect(stderr).not.toContain('"ops"');
    expect(`${stdout}${stderr}`).not.toContain(shortKey);
  });

  it('runApi refuses before connecting to anything', async () => {
    const settings = loadSettings({ CONVEYOR_API_HOST: '0.0.0.0', TEMPORAL_ADDRESS: '127.0.0.1:1' });
    await expect(runApi(await examplesProject(), settings, pino({ level: 'silent' }))).rejects.toThrow(/CONVEYOR_AUTH/);
  });

  it.each([
    ['loopback, IPv4', { CONVEYOR_API_HOST: '127.0.0.1' }],
    ['loopback, IPv6', { CONVEYOR_API_HOST: '::1' }],
    ['localhost', { CONVEYOR_API_HOST: 'localhost' }],
    ['forced with CONVEYOR_AUTH_ALLOW_INSECURE=true', { CONVEYOR_API_HOST: '0.0.0.0', CONVEYOR_AUTH_ALLOW_INSECURE: 'true' }],
    ['with keys', { CONVEYOR_API_HOST: '0.0.0.0', CONVEYOR_AUTH: 'keys', CONVEYOR_API_KEYS: 'ci:admin:s3cret-value' }],
  ])('serves %s', (_label, env) => {
    expect(() => refuseOpenServerWithoutAuth(api(env))).not.toThrow();
  });

  it('CONVEYOR_AUTH=keys without keys or users fails', () => {
    expect(() => loadSettings({ CONVEYOR_AUTH: 'keys' })).toThrow(SettingsError);
    expect(() => loadSettings({ CONVEYOR_AUTH: 'keys' })).toThrow(/CONVEYOR_AUTH/);
  });

  it.each([
    ['an unknown role', 'CONVEYOR_API_KEYS', 'ci:root:TOPSECRET-role-1234'],
    ['no name', 'CONVEYOR_API_KEYS', ':admin:TOPSECRET-name-1234'],
    ['no role', 'CONVEYOR_API_KEYS', 'TOPSECRET-alone-1234'],
    ['a bad entry after a good one', 'CONVEYOR_API_KEYS', 'ok:admin:TOPSECRET-good-1234,ci:boss:TOPSECRET-bad-1234'],
    ['a user with an unknown role', 'CONVEYOR_USERS', 'dana:owner:TOPSECRET-user-1234'],
  ])('a malformed entry (%s) fails without echoing the secret', (_label, variable, value) => {
    let error: unknown;
    try {
      loadSettings({ CONVEYOR_AUTH: 'keys', [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const message = (error as SettingsError).message;
    expect(message).toContain(variable);
    expect(message).not.toContain('TOPSECRET');
  });
});
