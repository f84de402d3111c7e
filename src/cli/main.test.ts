import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(TASK));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

interface CommandRun {
  code: number;
  output: string;
  /** Every module the thread's loader holds once the command has run. */
  loaded: string[];
}

/**
 * Runs `conveyor <args>` as the checkout does (bin/conveyor.js: Node's CommonJS loader, TypeScript
 * through tsx) in a worker thread: a module registry of its own, empty but for the command's, where
 * test files of this process have loaded what they liked; and not a child process (a unit test).
 */
function runInFreshThread(args: string[], env: NodeJS.ProcessEnv): Promise<CommandRun> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    require('tsx/cjs');
    const lines = [];
    console.log = (line) => lines.push(String(line));
    require(workerData.main).main(workerData.argv).then((exitCode) => {
      parentPort.postMessage({ code: exitCode, output: lines.join('\\n'), loaded: Object.keys(require.cache) });
    });
  `;
  const worker = new Worker(code, { eval: true, env, workerData: { main: path.join(__dirname, 'main.ts'), argv: ['node', 'conveyor', ...args] } });
  return new Promise((resolve, reject) => {
    worker.once('message', (run: CommandRun) => void worker.terminate().then(() => resolve(run)));
    worker.once('error', reject);
  });
}

describe('conveyor CLI start', () => {
  it('runs `tasks get` without loading the worker, webpack, Fastify, the project loader or zod', async () => {
    const { port } = server.address() as AddressInfo;
    // A shell that points the CLI at an API and holds no other setting.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(CONVEYOR|TEMPORAL)_/.test(name)));
    const run = await runInFreshThread(['tasks', 'get', TASK.task_id], { ...env, CONVEYOR_API_URL: `http://127.0.0.1:${port}` });

    expect(run.code).toBe(0);
    expect(requests).toEqual([`GET /tasks/${TASK.task_id}`]);
    expect(run.output).toMatch(/^status +completed$/m);
    // The command itself was loaded in the thread, so its registry shows what running it took.
    expect(run.loaded.some((file) => file.endsWith('/src/cli/commands/tasks-get.ts'))).toBe(true);
    const heavy = Object.entries(STACK_MODULES).filter(([, pattern]) => run.loaded.some((file) => pattern.test(file)));
    expect(heavy.map(([name]) => name)).toEqual([]);
  });
});
