import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STARTED_ATTRIBUTE } from '../../src/contract/search-attributes';
import { exitOf, ROOT, waitForOutput, withOutput, type ProcessWithOutput } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { docFiles } from '../helpers/doc-files';
import { runCommand } from '../helpers/run-command';

/** docs/writing-tasks.md's "Use Conveyor in your own project" application, file by file, from its own code blocks. */
const README_APP = docFiles('docs/writing-tasks.md', 'Use Conveyor in your own project');
/** Where the README's package.json names the tarball. */
const TARBALL_PLACEHOLDER = 'file:<path to>/conveyor-0.1.0.tgz';

/** Files of the test's own, besides the README's: a runner for its client code, deliberate mistakes, a factory config. */
const TEST_FILES: Record<string, string> = {
  // Runs the README's application code against the API at CONVEYOR_API_URL.
  'run-greet-ada.ts': `import { greetAda } from './src/greet-ada';
void greetAda().then((text) => console.log(JSON.stringify({ text })));
`,
  // Mistakes the type checker must catch, one per line (checked by line number below).
  'mistakes.ts': `import { createClient } from 'conveyor/client';
import type { greet } from './conveyor.config';
export async function mistakes(): Promise<void> {
  const client = createClient({ url: 'http://127.0.0.1:1' });
  await client.submit<typeof greet>('greet', { name: 42 });
  await client.submit<typeof greet>('gret', { name: 'Ada' });
  const wrong: number = (await (await client.submit<typeof greet>('greet', { name: 'Ada' })).result()).text;
  console.log(wrong);
}
`,
  // The same task with its activities built by a factory that receives Conveyor's dependencies.
  'factory.config.ts': `import { defineConfig } from 'conveyor';
import { greet } from './conveyor.config';

export default defineConfig({
  tasks: [greet],
  workflowsPath: './src/workflows',
  activities: ({ client }) => ({
    async makeGreeting(name: string): Promise<string> {
      return \`Hello, \${name}, from namespace \${client.options.namespace}!\`;
    },
  }),
});
`,
  'tsconfig.json': JSON.stringify({
    compilerOptions: { strict: true, module: 'node16', moduleResolution: 'node16', target: 'ES2022', noEmit: true, skipLibCheck: true, types: [] },
    include: ['*.ts', 'src'],
  }),
};

/**
 * What `npm pack` puts in the tarball, from the build the run's global setup made (`npm pack` itself
 * would build again through prepack: `--ignore-scripts` packs what is built).
 */
async function packTarball(into: string): Promise<string> {
  if (!existsSync(path.join(ROOT, 'dist', 'index.js'))) throw new Error('dist/ is not built: the global setup builds it (scripts/build.mjs --if-stale)');
  const packed = await runCommand('npm', ['pack', '--ignore-scripts', '--pack-destination', into], { cwd: ROOT, timeoutMs: 180_000 });
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stdout}\n${packed.stderr}`);
  const tarball = readdirSync(into).find((file) => file.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no tarball:\n${packed.stdout}`);
  return path.join(into, tarball);
}

/**
 * Conveyor as a package: `npm pack`, installed into an application outside this repository that
 * defines its own task, run with `npx conveyor dev`, used through the API, the CLI and the typed client.
 */
describe('an application of its own, on the packed tarball', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'conveyor-package-'));
  const app = path.join(work, 'greeter-app');
  let tarball: string;
  let dev: ProcessWithOutput | undefined;
  let api: string;
  const npx = (args: string[], env: NodeJS.ProcessEnv = {}) => runCommand('npx', ['--no-install', ...args], { cwd: app, env: { ...stackEnv, ...env } });
  const stackEnv: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    tarball = await packTarball(work);
    mkdirSync(path.join(app, 'src'), { recursive: true });
    const { 'package.json': manifest = '', ...sources } = README_APP;
    if (!manifest.includes(TARBALL_PLACEHOLDER)) throw new Error(`the README's package.json no longer names ${TARBALL_PLACEHOLDER}:\n${manifest}`);
    writeFileSync(path.join(app, 'package.json'), manifest.replace(TARBALL_PLACEHOLDER, `file:${tarball}`));
    for (const [file, text] of Object.entries({ ...sources, ...TEST_FILES })) writeFileSync(path.join(app, file), text);
    // The packages are in npm's cache since this repository's `npm ci`; the registry is asked only for what is missing.
    const installed = await runCommand('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: app, timeoutMs: 300_000 });
    if (installed.code !== 0) throw new Error(`npm install failed:\n${installed.stdout}\n${installed.stderr}`);

    const [port, uiPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    Object.assign(stackEnv, {
      CONVEYOR_TEMPORAL_PORT: String(port),
      CONVEYOR_TEMPORAL_UI_PORT: String(uiPort),
      CONVEYOR_API_PORT: String(apiPort),
      CONVEYOR_LOG_FORMAT: 'json',
      TEMPORAL_ADDRESS: '',
      CONVEYOR_DATA_DIR: '',
      CONVEYOR_CONFIG: '',
    });
    api = `http://127.0.0.1:${apiPort}`;
    // Its own process group, as in a terminal: Ctrl-C (SIGINT to the group) reaches `conveyor dev` itself, not only npx.
    dev = withOutput(spawn('npx', ['--no-install', 'conveyor', 'dev'], { cwd: app, env: { ...process.env, ...stackEnv }, stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
    await waitForOutput(dev, /Conveyor is ready/);
  }, 600_000);

  afterAll(async () => {
    if (dev?.pid !== undefined && dev.exitCode === null) {
      process.kill(-dev.pid, 'SIGINT');
      await exitOf(dev);
      await waitForOutput(dev, /"msg":"stopped"/, { timeoutMs: 30_000 }).catch(() => undefined);
    }
    rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it("is the README's application, every file of it", () => {
    expect(Object.keys(README_APP).sort()).toEqual(['conveyor.config.ts', 'package.json', 'src/activities.ts', 'src/greet-ada.ts', 'src/workflows.ts']);
  });

  it('packs the built platform with its types, and no tests, benchmarks, examples or sources', async () => {
    const listing = await runCommand('tar', ['-tzf', tarball], { cwd: work });
    const files = listing.stdout.split('\n').filter(Boolean).map((file) => file.replace(/^package\//, ''));
    for (const entry of ['index', 'workflow', 'client']) {
      expect(files).toContain(`dist/${entry}.js`);
      expect(files).toContain(`dist/${entry}.d.ts`);
    }
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/conveyor.js', 'dist/cli/main.js']));
    expect(files.filter((file) => /^(test|bench|examples|src|scripts|dashboard)\//.test(file) || /\.test\.|conveyor\.config/.test(file))).toEqual([]);
    // The dashboard ships built: the API serves these files, and an installation needs no Vite.
    expect(files).toContain('dist/dashboard/index.html');
    expect(files.filter((file) => /^dist\/dashboard\/assets\/index-[\w-]+\.js$/.test(file))).toHaveLength(1);
    expect(files.filter((file) => file.endsWith('.map') && file.startsWith('dist/dashboard/'))).toEqual([]);
  });

  it('serves the built dashboard from the installed package under /admin, deep links included, and / redirects there', async () => {
    const root = await fetch(`${api}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/admin/');
    for (const page of ['/admin/', '/admin/tasks/greet-0123456789ab']) {
      const answer = await fetch(`${api}${page}`);
      expect(answer.status, page).toBe(200);
      expect(answer.headers.get('content-type')).toContain('text/html');
      const html = await answer.text();
      const script = /src="(\/admin\/assets\/index-[\w-]+\.js)"/.exec(html)?.[1];
      expect(script, html).toBeDefined();
      // Read to the end: an answer left unread keeps its connection busy, and the API's stop waits for it (up to CONVEYOR_SHUTDOWN_GRACE).
      const asset = await fetch(`${api}${script}`);
      expect(asset.headers.get('content-type')).toContain('javascript');
      await asset.arrayBuffer();
    }
  });

  it('serves the application’s queue: conveyor dev runs a worker on greetings and the API', () => {
    expect(dev?.output()).toMatch(/"queues":\["greetings"\]/);
    expect(dev?.output()).toContain(`API on ${api}`);
  });

  it('completes greet through the API, and refuses an empty name with a 422 naming it', async () => {
    const submitted = await fetch(`${api}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ task_name: 'greet', parameters: { name: 'Ada' } }),
    });
    expect(submitted.status).toBe(201);
    const { task_id: taskId } = (await submitted.json()) as { task_id: string };
    const result = await fetch(`${api}/tasks/${taskId}/result?wait=30s`);
    expect(await result.json()).toEqual({ task_id: taskId, status: 'completed', result: { text: 'Hello, Ada!' } });
    const task = (await (await fetch(`${api}/tasks/${taskId}`)).json()) as { task_name: string; queue: string };
    expect(task).toMatchObject({ task_name: 'greet', queue: 'greetings' });
    // As Temporal sees it: the workflow type is the task name, and a plain workflow with no Conveyor
    // code in it was still marked started by Conveyor's interceptor (never stuck as queued).
    const connection = await Connection.connect({ address: `127.0.0.1:${stackEnv.CONVEYOR_TEMPORAL_PORT}` });
    try {
      const description = await new Client({ connection }).workflow.getHandle(taskId).describe();
      expect(description.type).toBe('greet');
      expect(description.typedSearchAttributes.get(STARTED_ATTRIBUTE)).toBe(true);
    } finally {
      await connection.close();
    }

    const invalid = await fetch(`${api}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ task_name: 'greet', parameters: { name: '' } }),
    });
    expect(invalid.status).toBe(422);
    const body = (await invalid.json()) as { error: { code: string; details: { fields: { field: string }[] } } };
    expect(body.error.code).toBe('invalid_parameters');
    expect(body.error.details.fields.map((f) => f.field)).toEqual(['parameters.name']);
  });

  it('completes greet through the CLI, and lists greet and noop but none of Conveyor’s examples', async () => {
    const submitted = await npx(['conveyor', 'submit', 'greet', '--params', '{"name": "Bob"}', '--wait']);
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(JSON.parse(submitted.stdout)).toEqual({ text: 'Hello, Bob!' });
    const id = /submitted (\S+) to greetings/.exec(submitted.stderr)?.[1];
    const result = await npx(['conveyor', 'tasks', 'result', id ?? 'missing'], { CONVEYOR_API_URL: api });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ text: 'Hello, Bob!' });

    const types = await npx(['conveyor', 'types', '--json']);
    expect(types.code, types.stderr).toBe(0);
    expect((JSON.parse(types.stdout) as { name: string; queue: string }[]).map((t) => [t.name, t.queue])).toEqual([
      ['greet', 'greetings'],
      ['noop', 'greetings'],
    ]);
  });

  it("runs activities a factory builds from Conveyor's dependencies (a worker on another config and queue)", async () => {
    const worker = withOutput(
      spawn('npx', ['--no-install', 'conveyor', 'worker', 'start', '--config', 'factory.config.ts', '--queues', 'factory-greetings'], {
        cwd: app,
        env: { ...process.env, ...stackEnv, TEMPORAL_ADDRESS: `127.0.0.1:${stackEnv.CONVEYOR_TEMPORAL_PORT}` },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      }),
    );
    try {
      await waitForOutput(worker, /"msg":"worker ready"/);
      const submitted = await fetch(`${api}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ task_name: 'greet', parameters: { name: 'Ada' }, queue: 'factory-greetings' }),
      });
      const { task_id: taskId } = (await submitted.json()) as { task_id: string };
      const result = await fetch(`${api}/tasks/${taskId}/result?wait=30s`);
      expect(await result.json()).toMatchObject({ status: 'completed', result: { text: 'Hello, Ada, from namespace default!' } });
    } finally {
      if (worker.pid !== undefined && worker.exitCode === null) process.kill(-worker.pid, 'SIGTERM');
      await exitOf(worker);
    }
  });

  it("completes greet through the typed client from the README's application code", async () => {
    const ran = await runCommand(process.execPath, ['--require', 'tsx/cjs', 'run-greet-ada.ts'], { cwd: app, env: { CONVEYOR_API_URL: api } });
    expect(ran.code, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({ text: 'Hello, Ada!' });
  });

  it('type-checks the client against the task: a wrong parameter, task name or result type is a compile error', async () => {
    // TypeScript 7, what `npm install -D typescript` gives an application today.
    const tsc = path.join(ROOT, 'node_modules', 'typescript-7', 'bin', 'tsc');
    const checked = await runCommand(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app });
    const errors = checked.stdout.split('\n').filter((line) => line.includes('error TS'));
    // Every error is one of the deliberate mistakes; the README's files (config, workflows, client code) compile.
    expect(errors.map((line) => /^([\w.-]+)\((\d+),/.exec(line)?.slice(1, 3))).toEqual([
      ['mistakes.ts', '5'],
      ['mistakes.ts', '6'],
      ['mistakes.ts', '7'],
    ]);
    expect(errors[0]).toContain("Type 'number' is not assignable to type 'string'");
    expect(errors[1]).toContain('"gret"');
  });
});
