import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { register } from 'tsx/cjs/api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Main from './main';

/**
 * What only the commands that run the stack need: the worker and its bundler, the API server, the
 * application's project, and the schema that validates the stack's settings.
 */
const STACK_MODULES = {
  '@temporalio/worker': /\/node_modules\/@temporalio\/worker\//,
  webpack: /\/node_modules\/webpack\//,
  fastify: /\/node_modules\/fastify\//,
  'the project loader': /\/src\/project\/load-project\.ts$/,
  zod: /\/node_modules\/zod\//,
};

const TASK = {
  task_id: 'cli-start-task',
  short_id: 'cli-start-task',
  task_name: 'noop',
  status: 'completed',
  queue: 'default',
  submitter: null,
  created_at: '2026-12-06T10:00:00.000Z',
  started_at: '2026-12-06T10:00:01.000Z',
  finished_at: '2026-12-06T10:00:02.000Z',
  duration: '1s',
  attempts: 1,
  pending_activities: [],
  failure: null,
  workflow_task_failure: null,
  progress: null,
  result_available: true,
};

let server: Server;
const requests: string[] = [];
let unregister: () => void;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(TASK));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // The CLI as the checkout runs it (bin/conveyor.js): Node's CommonJS loader, TypeScript through
  // tsx, so every module it loads shows in require.cache.
  unregister = register();
});

afterAll(async () => {
  unregister();
  vi.unstubAllEnvs();
  await new Promise((resolve) => server.close(resolve));
});

describe('conveyor CLI start', () => {
  it('runs `tasks get` without loading the worker, webpack, Fastify, the project loader or zod', async () => {
    const { port } = server.address() as AddressInfo;
    // A shell that points the CLI at an API and holds no other setting (empty is unset).
    for (const name of Object.keys(process.env)) if (/^(CONVEYOR|TEMPORAL)_/.test(name)) vi.stubEnv(name, '');
    vi.stubEnv('CONVEYOR_API_URL', `http://127.0.0.1:${port}`);
    const nodeRequire = createRequire(__filename);
    const before = new Set(Object.keys(nodeRequire.cache));
    const printed = vi.spyOn(console, 'log').mockImplementation(() => {});

    const { main } = nodeRequire('./main.ts') as typeof Main;
    const code = await main(['node', 'conveyor', 'tasks', 'get', TASK.task_id]);

    const output = printed.mock.calls.map((args) => String(args[0])).join('\n');
    printed.mockRestore();
    expect(code).toBe(0);
    expect(requests).toEqual([`GET /tasks/${TASK.task_id}`]);
    expect(output).toMatch(/^status +completed$/m);
    const loaded = Object.keys(nodeRequire.cache).filter((file) => !before.has(file));
    // The command itself was loaded here, so the registry shows what running it took.
    expect(loaded.some((file) => file.endsWith('/src/cli/commands/tasks-get.ts'))).toBe(true);
    const heavy = Object.entries(STACK_MODULES).filter(([, pattern]) => loaded.some((file) => pattern.test(file)));
    expect(heavy.map(([name]) => name)).toEqual([]);
  });
});
