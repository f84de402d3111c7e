import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createClient } from '../../src/client';
import { exitOf, ROOT, spawnCli, waitForOutput } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { uniqueQueue } from '../helpers/temporal';

type DevProcess = ReturnType<typeof spawnCli>;

/** Waits until a file exists (what an activity writes to say it has started). */
async function waitForFile(file: string, dev: DevProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (dev.exitCode !== null || Date.now() > deadline) throw new Error(`${file} never appeared; the output:\n${dev.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * `conveyor dev` restarts the worker when the application's code changes: a scratch application
 * outside this repository (importing Conveyor's sources), run against the run's shared Temporal,
 * edited while the stack runs.
 */
describe('conveyor dev, reloading on change', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'conveyor-dev-loop-'));
  const app = path.join(work, 'app');
  const dataDir = path.join(work, 'data');
  const started = path.join(work, 'slow-started');
  const release = path.join(work, 'slow-release');
  const queue = uniqueQueue('dev-loop');
  let running: DevProcess | undefined;
  afterAll(() => {
    // A test that timed out leaves the stack running: stop it (it stops its children in order).
    if (running?.exitCode === null) running.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  });

  const write = (file: string, text: string): void => writeFileSync(path.join(app, file), text);
  const config = (description: string): string => `import { defineConfig, defineTask } from ${JSON.stringify(path.join(ROOT, 'src', 'index.ts'))};
import { z } from 'zod';
import * as activities from './src/activities';
import { greeting, slowGreeting } from './src/workflows';

export const greet = defineTask({ name: 'greet', queue: ${JSON.stringify(queue)}, description: ${JSON.stringify(description)}, input: z.object({ name: z.string() }), workflow: greeting });
export const slowGreet = defineTask({ name: 'slow_greet', queue: ${JSON.stringify(queue)}, description: 'Greets once released.', input: z.object({ name: z.string() }), workflow: slowGreeting });
export default defineConfig({ tasks: [greet, slowGreet], workflowsPath: './src/workflows', activities });
`;
  /** Both activities answer with `word`; the slow one only once the test releases it. */
  const activities = (word: string): string => `import { existsSync, writeFileSync } from 'node:fs';
export async function makeGreeting(name: string): Promise<string> { return \`${word}, \${name}!\`; }
export async function makeSlowGreeting(name: string): Promise<string> {
  writeFileSync(${JSON.stringify(started)}, '');
  while (!existsSync(${JSON.stringify(release)})) await new Promise((resolve) => setTimeout(resolve, 100));
  return \`${word} (slowly), \${name}!\`;
}
`;

  /** The workflows, each appending `suffix` to what its activity answers. */
  const workflows = (suffix: string): string => `import { proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';
const { makeGreeting, makeSlowGreeting } = proxyActivities<typeof activities>({ startToCloseTimeout: '2 minutes', retry: { maximumAttempts: 1 } });
export async function greeting(input: { name: string }): Promise<string> { return (await makeGreeting(input.name)) + ${JSON.stringify(suffix)}; }
export async function slowGreeting(input: { name: string }): Promise<string> { return (await makeSlowGreeting(input.name)) + ${JSON.stringify(suffix)}; }
`;

  it('restarts the worker on a saved change, drains the previous one, keeps it serving through a broken change, rebuilds the bundle for a workflow change, and hands the API over to each new worker, which describes changed task types', async () => {
    mkdirSync(path.join(app, 'src'), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
    write('conveyor.config.ts', config('Greets.'));
    write('src/activities.ts', activities('Hello'));
    write('src/workflows.ts', workflows(''));
    const apiPort = await freePort();
    const dev = spawnCli(['dev', '--config', path.join(app, 'conveyor.config.ts')], {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: 'default',
      CONVEYOR_DATA_DIR: dataDir,
      CONVEYOR_API_PORT: String(apiPort),
      CONVEYOR_LOG_FORMAT: 'json',
      CONVEYOR_SHUTDOWN_GRACE: '2m', // the draining worker is waiting for the test, not for a deadline
    });
    running = dev;
    const client = createClient({ url: `http://127.0.0.1:${apiPort}` });
    const greet = async (name: string): Promise<unknown> => (await client.submit('greet', { name })).result({ wait: '2m' });
    try {
      await waitForOutput(dev, /Conveyor is ready/);
      expect(await greet('Ada')).toBe('Hello, Ada!');

      // An activity in flight when its code changes finishes on the worker that started it. A
      // result wait on the previous process's API does not hold its stop: that API answers it at
      // once (202), and the client asks again through the port's handover, of the new process.
      const slow = await client.submit('slow_greet', { name: 'Bo' });
      await waitForFile(started, dev);
      const slowResult = slow.result({ wait: '2m' });
      write('src/activities.ts', activities('Howdy'));
      await waitForOutput(dev, /"msg":"reloaded: \S*src\/activities\.ts changed; worker and API restarted"/);
      expect(await greet('Ada')).toBe('Howdy, Ada!');
      writeFileSync(release, '');
      expect(await slowResult).toBe('Hello (slowly), Bo!');
      await waitForOutput(dev, /worker stopped: in-flight work drained/);
      // The worker's metrics stay on the port the log named, relayed from the new worker now the previous one is gone.
      const metricsUrl = /worker metrics for Prometheus: (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(dev.output())?.[1] ?? 'no metrics URL in the log';
      expect(await (await fetch(metricsUrl)).text()).toMatch(/^temporal_workflow_completed\{[^}]*workflow_type="greet"[^}]*\} 1$/m);

      // A change that does not load: the error is logged, and the running worker keeps serving.
      write('src/activities.ts', `${activities('Hi')}export const broken = ;\n`);
      await waitForOutput(dev, /"msg":"reload failed: \S*src\/activities\.ts changed; .*activities\.ts.*; the previous worker keeps serving"/);
      expect(await greet('Cy')).toBe('Howdy, Cy!');

      // Fixed: the next save reloads.
      write('src/activities.ts', activities('Hi'));
      await waitForOutput(dev, /"msg":"reloaded: \S*src\/activities\.ts changed; worker and API restarted"/, { count: 2 });
      expect(await greet('Cy')).toBe('Hi, Cy!');

      // The activity changes reused the first worker's workflow bundle; a changed workflow rebuilds it.
      const bundles = (): number => (dev.output().match(/"msg":"bundled workflow code"/g) ?? []).length;
      expect(bundles()).toBe(1);
      write('src/workflows.ts', workflows(' (v2)'));
      await waitForOutput(dev, /"msg":"reloaded: \S*src\/workflows\.ts changed; worker and API restarted"/);
      expect(bundles()).toBe(2);
      expect(await greet('Di')).toBe('Hi, Di! (v2)');

      // The API restarts with its worker, and describes the task types as they are now.
      write('conveyor.config.ts', config('Greets warmly.'));
      await waitForOutput(dev, /"msg":"reloaded: \S*conveyor\.config\.ts changed; worker and API restarted"/);
      expect((await client.types()).find((type) => type.name === 'greet')?.description).toBe('Greets warmly.');
      expect(await greet('Ed')).toBe('Hi, Ed! (v2)');
    } finally {
      dev.kill('SIGTERM');
      await waitForOutput(dev, /"msg":"stopped"/);
      expect(await exitOf(dev)).toBe(0);
    }
  }, 300_000);
});
