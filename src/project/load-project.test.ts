import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import { loadProject } from './load-project';

const ROOT = path.resolve(__dirname, '..', '..');
/** Scratch applications import Conveyor's sources by absolute path (they have no node_modules/conveyor). */
const CONVEYOR = JSON.stringify(path.join(ROOT, 'src', 'index.ts'));

const scratch = mkdtempSync(path.join(os.tmpdir(), 'conveyor-project-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let apps = 0;

/** Writes an application's files into a fresh folder (with this repository's node_modules) and returns it. */
function app(files: Record<string, string>): string {
  const dir = path.join(scratch, `app-${++apps}`);
  mkdirSync(dir, { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const WORKFLOWS = `export async function greeting(input: { name: string }): Promise<{ text: string }> { return { text: input.name }; }
export async function helper(): Promise<void> {}
`;

/** A config with one task, `greet` on queue `greetings`; `extra` goes into the defineConfig call. */
function config(extra = '', imports = ''): string {
  return `import { defineConfig, defineTask } from ${CONVEYOR};
import { z } from 'zod';
import { greeting } from './src/workflows';
${imports}
export const greet = defineTask({ name: 'greet', queue: 'greetings', description: 'Greets.', input: z.object({ name: z.string() }), workflow: greeting });
export default defineConfig({ tasks: [greet], workflowsPath: './src/workflows', ${extra} });
`;
}

async function configError(options: Parameters<typeof loadProject>[0]): Promise<string> {
  const error = await loadProject(options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as Error).message;
}

const noClient = { client: undefined as unknown as Client };

describe('loadProject', () => {
  it('loads ./conveyor.config.ts from the working folder: the tasks, the built-in noop, the workflows module', async () => {
    const dir = app({ 'conveyor.config.ts': config(), 'src/workflows.ts': WORKFLOWS });

    const project = await loadProject({ cwd: dir, env: {} });

    expect(project.configFile).toBe(path.join(dir, 'conveyor.config.ts'));
    expect(project.registry.list().map((task) => [task.name, task.queue])).toEqual([
      ['greet', 'greetings'],
      ['noop', 'greetings'],
    ]);
    expect(project.registry.queues()).toEqual(['greetings']);
    expect(project.workflowsFile).toBe(path.join(dir, 'src', 'workflows.ts'));
    expect([...project.taskExports]).toEqual([['greet', 'greeting']]);
  });

  it('takes --config over CONVEYOR_CONFIG, and CONVEYOR_CONFIG over the working folder', async () => {
    const dir = app({
      'conveyor.config.ts': config(),
      'other.config.ts': config("queues: ['from-flag']"),
      'env.config.ts': config("queues: ['from-env']"),
      'src/workflows.ts': WORKFLOWS,
    });

    expect((await loadProject({ cwd: dir, env: { CONVEYOR_CONFIG: 'env.config.ts' }, configFlag: 'other.config.ts' })).registry.get('noop').queue).toBe('from-flag');
    expect((await loadProject({ cwd: dir, env: { CONVEYOR_CONFIG: 'env.config.ts' } })).registry.get('noop').queue).toBe('from-env');
    expect(await configError({ cwd: dir, env: {}, configFlag: 'missing.ts' })).toMatch(/^--config is missing\.ts, which is not a file/);
    expect(await configError({ cwd: dir, env: { CONVEYOR_CONFIG: 'gone.ts' } })).toMatch(/^CONVEYOR_CONFIG is gone\.ts, which is not a file/);
  });

  it('says where it looked when there is no config', async () => {
    const dir = app({});
    const message = await configError({ cwd: dir, env: {} });
    expect(message).toContain(`no conveyor.config.ts (or .js, .mjs) in ${dir}`);
    expect(message).toContain('--config');
    expect(message).toContain('CONVEYOR_CONFIG');
  });

  it('makes a config that fails to load one line naming the file', async () => {
    const dir = app({ 'conveyor.config.ts': "throw new Error('database URL missing\\nsecond line');\n" });
    expect(await configError({ cwd: dir, env: {} })).toBe('cannot load conveyor.config.ts: database URL missing');
  });

  it('names every field of a config that is not a Conveyor config', async () => {
    const dir = app({
      'conveyor.config.ts': `export default { tasks: [{ name: 'greet' }], workflowPath: './src/workflows', queues: 'q' };\n`,
    });
    const message = await configError({ cwd: dir, env: {} });
    expect(message).toMatch(/^conveyor\.config\.ts: invalid config: /);
    expect(message).toContain('tasks.0: is not a task made by defineTask');
    expect(message).toContain('queues:');
    expect(message).toContain('workflowPath');
  });

  it("refuses a task whose workflow the workflows module doesn't export, naming both", async () => {
    const dir = app({ 'conveyor.config.ts': config(), 'src/workflows.ts': 'export async function other(): Promise<void> {}\n' });
    // The config imports `greeting` from the same module, so give it one that does not re-export it.
    writeFileSync(path.join(dir, 'src', 'greeting.ts'), WORKFLOWS);
    writeFileSync(path.join(dir, 'conveyor.config.ts'), config().replace("from './src/workflows'", "from './src/greeting'"));
    expect(await configError({ cwd: dir, env: {} })).toMatch(/task "greet" \(at .*conveyor\.config\.ts:\d+\): greeting is not exported from \.\/src\/workflows \(workflowsPath\)/);
  });

  it('refuses an export that carries a task’s name but is another workflow, and one named like the built-in noop', async () => {
    const shadowing = app({ 'conveyor.config.ts': config(), 'src/workflows.ts': `${WORKFLOWS}export async function greet(): Promise<void> {}\n` });
    expect(await configError({ cwd: shadowing, env: {} })).toContain('exports a workflow named "greet" that is not task "greet"\'s workflow');
    const noop = app({ 'conveyor.config.ts': config(), 'src/workflows.ts': `${WORKFLOWS}export async function noop(): Promise<void> {}\n` });
    expect(await configError({ cwd: noop, env: {} })).toContain('exports a workflow named "noop", the name of Conveyor\'s built-in task');
  });

  it('refuses a duplicate task name, naming both definitions', async () => {
    const dir = app({
      'conveyor.config.ts': config().replace('tasks: [greet]', 'tasks: [greet, { ...greet, definedAt: "elsewhere.ts:9" }]'),
      'src/workflows.ts': WORKFLOWS,
    });
    expect(await configError({ cwd: dir, env: {} })).toMatch(/task type "greet" is defined twice: at .*conveyor\.config\.ts:\d+ and at elsewhere\.ts:9/);
  });

  it('requires workflowsPath when the config has tasks, and a module there', async () => {
    const without = app({ 'conveyor.config.ts': config().replace("workflowsPath: './src/workflows', ", ''), 'src/workflows.ts': WORKFLOWS });
    expect(await configError({ cwd: without, env: {} })).toContain('`workflowsPath` is missing');
    const wrong = app({ 'conveyor.config.ts': config().replace("'./src/workflows', ", "'./src/flows', "), 'src/workflows.ts': WORKFLOWS });
    expect(await configError({ cwd: wrong, env: {} })).toContain('workflowsPath ./src/flows');
  });

  it('resolves workflowsPath relative to the file that calls defineConfig, also when another file re-exports it', async () => {
    const dir = app({
      'conveyor.config.ts': "export { default } from './app/conveyor.config';\n",
      'app/conveyor.config.ts': config().replaceAll('./src/', '../src/').replace("'../src/workflows', ", "'../src/workflows', "),
      'src/workflows.ts': WORKFLOWS,
    });
    const project = await loadProject({ cwd: dir, env: {} });
    expect(project.workflowsFile).toBe(path.join(dir, 'src', 'workflows.ts'));
  });

  it('takes the first declared queue as the default, then the first task’s; refuses a config with neither', async () => {
    const declared = app({ 'conveyor.config.ts': config("queues: ['main', 'urgent']"), 'src/workflows.ts': WORKFLOWS });
    const project = await loadProject({ cwd: declared, env: {} });
    expect(project.registry.get('noop').queue).toBe('main');
    expect(project.registry.queues()).toEqual(['main', 'urgent', 'greetings']);

    const empty = app({ 'conveyor.config.ts': `import { defineConfig } from ${CONVEYOR};\nexport default defineConfig({ tasks: [] });\n` });
    expect(await configError({ cwd: empty, env: {} })).toContain('declares no task and no queue');
  });

  it('builds activities from an object of functions, skipping other exports', async () => {
    const dir = app({
      'conveyor.config.ts': config('activities', "import * as activities from './src/activities';"),
      'src/workflows.ts': WORKFLOWS,
      'src/activities.ts': "export const TIMEOUT = '10s';\nexport async function makeGreeting(name: string): Promise<string> { return `Hello, ${name}!`; }\n",
    });
    const activities = (await loadProject({ cwd: dir, env: {} })).createActivities(noClient);
    expect(Object.keys(activities)).toEqual(['makeGreeting']);
  });

  it("builds activities with a factory, handing it Conveyor's dependencies", async () => {
    const dir = app({
      'conveyor.config.ts': config('activities: (deps) => ({ whereAmI: async () => deps.client.options.namespace })'),
      'src/workflows.ts': WORKFLOWS,
    });
    const deps = { client: { options: { namespace: 'ns-from-deps' } } as unknown as Client };
    const activities = (await loadProject({ cwd: dir, env: {} })).createActivities(deps);
    await expect((activities.whereAmI as () => Promise<string>)()).resolves.toBe('ns-from-deps');
  });

  it('loads an ES module config (.mjs)', async () => {
    const dir = app({
      'conveyor.config.mjs': `import { defineConfig, defineTask } from ${JSON.stringify(`file://${path.join(ROOT, 'src', 'index.ts')}`)};
import { z } from 'zod';
import { greeting } from './src/workflows.mjs';
const greet = defineTask({ name: 'greet', queue: 'esm-queue', description: '', input: z.object({}), workflow: greeting });
export default defineConfig({ tasks: [greet], workflowsPath: './src/workflows.mjs' });
`,
      'src/workflows.mjs': 'export async function greeting() { return { text: "hi" }; }\n',
    });
    const project = await loadProject({ cwd: dir, env: {} });
    expect(project.registry.get('noop').queue).toBe('esm-queue');
    expect([...project.taskExports]).toEqual([['greet', 'greeting']]);
  });
});
