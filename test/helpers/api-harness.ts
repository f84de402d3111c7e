import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { buildApp } from '../../src/api/app';
import type { ZodApp } from '../../src/api/context';
import type { TaskView } from '../../src/temporal/tasks/task-view';
import { loadSettings } from '../../src/config';
import { createLogger, type Logger } from '../../src/log';
import { expect } from 'vitest';
import type { SubmitAnswer } from '../../src/client/answers';
import type { TaskRegistry } from '../../src/tasks/registry';
import { examplesProject } from './examples';
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
 * The one API harness of the tests. `env` adds settings (CONVEYOR_AUTH=keys with its credentials,
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
