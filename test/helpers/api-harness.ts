import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { buildApp } from '../../src/api/app';
import type { ZodApp } from '../../src/api/context';
import type { TaskView } from '../../src/temporal/tasks/task-view';
import { loadSettings } from '../../src/config';
import { createLogger, type Logger } from '../../src/log';
import { afterAll, beforeAll, expect } from 'vitest';
import type { SubmitAnswer } from '../../src/client/answers';
import type { TaskRegistry } from '../../src/tasks/registry';
import { examplesProject } from './examples';
import { connectShared } from './temporal';
import { until } from './until';

/** The Task API listening on a free loopback port, with auth none unless `env` says otherwise, against `client`. */
export interface RunningApi {
  app: ZodApp;
  base: string;
  call: <T = ApiBody>(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }) => Promise<ApiAnswer<T>>;
  close: () => Promise<void>;
}

export interface ApiAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
  /** Milliseconds from sending the request to having the whole body. */
  elapsedMs: number;
}

/** Bodies are read as loose JSON; tests name the fields they assert. */
export type ApiBody = Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } };

export type { SubmitAnswer } from '../../src/client/answers';

export type TaskAnswer = TaskView & ApiBody;

/**
 * One Task API on `client`, for a test that starts its own (another client, more than one API);
 * a describe block's API is `useApi`'s. `env` adds settings (CONVEYOR_AUTH=keys with its credentials,
 * say) to the test defaults; `log` replaces the logger (to read what the API logs); `registry`
 * serves another application's task types than the examples'.
 */
export async function startApi(client: Client, env: NodeJS.ProcessEnv = {}, options: { log?: Logger; registry?: TaskRegistry } = {}): Promise<RunningApi> {
  const settings = loadSettings({ CONVEYOR_LOG_LEVEL: 'warn', CONVEYOR_RESULT_WAIT_MAX: '20s', ...env });
  const registry = options.registry ?? (await examplesProject()).registry;
  const app = await buildApp({ client, registry, settings, log: options.log ?? createLogger('api-test', settings.log) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    app,
    base,
    async call<T>(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
      const started = performance.now();
      const response = await fetch(`${base}${path}`, {
        method,
        // The API wants every POST, PUT and PATCH to say JSON, body or not; a test's own content-type wins.
        headers: { ...(options.body === undefined && !SAYS_JSON.has(method) ? {} : { 'content-type': 'application/json' }), ...options.headers },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await response.text();
      const body = (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
      return { status: response.status, headers: response.headers, body, elapsedMs: performance.now() - started };
    },
    close: () => app.close(),
  };
}

/** A value, or a function that gives it once the describe block's tests are about to run. */
export type WhenStarted<T> = T | (() => T | Promise<T>);

export interface UseApiOptions {
  /** Connect as `conveyor api` does: Temporal's errors reach the API after a few quick retries. */
  failFast?: boolean;
  log?: Logger;
  registry?: TaskRegistry;
}

/** What `useApi` started, for the tests of its describe block: read it inside hooks and tests. */
export interface ApiHarness {
  readonly api: RunningApi;
  /** The Temporal client the API runs on, a client of the run's shared dev server. */
  readonly client: Client;
}

/**
 * The Task API on a client of the shared dev server for the tests of the describe block that
 * calls it: started in a `beforeAll`, closed with its client in an `afterAll`, both registered
 * here. Hooks the block registers after this call run after the API started and, Vitest running
 * after-hooks in reverse, end before it closes: their cleanup may still use it. `env` and
 * `options` are read when the API starts (pass a function for what an earlier `beforeAll` makes).
 */
export function useApi(env: WhenStarted<NodeJS.ProcessEnv> = {}, options: WhenStarted<UseApiOptions> = {}): ApiHarness {
  let started: { api: RunningApi; client: Client } | undefined;
  let client: Client | undefined;
  beforeAll(async () => {
    const { failFast, log, registry } = await (typeof options === 'function' ? options() : options);
    const apiEnv = await (typeof env === 'function' ? env() : env);
    client = await connectShared({ failFast });
    started = { api: await startApi(client, apiEnv, { log, registry }), client };
  });
  afterAll(async () => {
    await started?.api.close();
    await client?.connection.close();
  });
  const running = () => {
    if (!started) throw new Error("useApi's API is not running: read it inside a hook or test of its describe block (did its beforeAll fail?)");
    return started;
  };
  return {
    get api() {
      return running().api;
    },
    get client() {
      return running().client;
    },
  };
}

/** Methods the harness sends as JSON even without a body (DELETE too, as the API's own clients would). */
const SAYS_JSON = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The body every client of the previous task system sends, verbatim. */
export const EXISTING_CLIENT_BODY = {
  task_name: 'example_long_running',
  parameters: { duration: 1, message: 'Hello Temporal!' },
  queue: 'computor-tasks',
} as const;

export { until } from './until';

/** POST /tasks of one task (201 asserted, with the API's answer otherwise); its id. */
export async function submitTask(api: RunningApi, taskName: string, parameters: Record<string, unknown>, queue?: string): Promise<string> {
  const answer = await api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body: { task_name: taskName, parameters, ...(queue ? { queue } : {}) } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.task_id;
}

/** GET /tasks/{id} until its status is one of `statuses`. */
export function untilStatus(api: RunningApi, taskId: string, statuses: string[], options?: { tries?: number; intervalMs?: number }): Promise<ApiAnswer<TaskAnswer>> {
  return until(
    () => api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(taskId)}`),
    (answer) => answer.status === 200 && statuses.includes(answer.body.status),
    options,
  );
}

/** GET /tasks/{id} until the long-running activity reports progress in its `working` stage. */
export function untilWorking(api: RunningApi, taskId: string): Promise<ApiAnswer<TaskAnswer>> {
  return until(
    () => api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(taskId)}`),
    (answer) => answer.body.progress?.stage === 'working',
  );
}
