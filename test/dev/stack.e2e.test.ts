import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitOf, runCli, spawnCli, waitForOutput } from '../helpers/cli';
import { devChildPids, killEachNewChild } from '../helpers/dev-children';
import { seedBundleCache } from '../helpers/examples-bundle';
import { freePort } from '../helpers/free-port';
import { portAnswers } from '../helpers/port-answers';
import { untilActivityWorking } from '../helpers/temporal';

/**
 * The exit code once the supervisor says everything stopped. Nothing may keep it alive after
 * that: a forgotten grace timer once held it 35 s, and process managers wait for the exit.
 */
async function exitOnceStopped(dev: ReturnType<typeof spawnCli>): Promise<number | string> {
  await waitForOutput(dev, /"msg":"stopped"/);
  return Promise.race([exitOf(dev), new Promise<string>((resolve) => setTimeout(() => resolve('still running 5 s after "stopped"'), 5000).unref())]);
}

/** `conveyor dev`, what `npm start` runs: the whole local stack (Temporal, worker, API) as one process tree. */
describe('conveyor dev', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-dev-'));
  beforeAll(() => seedBundleCache(dataDir));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts Temporal, a worker and the API (watching the code unless --no-watch), stops cleanly on SIGTERM (also while a crashed worker waits to start again), and keeps tasks across a restart', async () => {
    const port = await freePort();
    const uiPort = await freePort();
    const apiPort = await freePort();
    const metricsPort = await freePort();
    const env = {
      CONVEYOR_API_PORT: String(apiPort),
      CONVEYOR_WORKER_METRICS_PORT: String(metricsPort),
      CONVEYOR_DATA_DIR: dataDir,
      CONVEYOR_TEMPORAL_PORT: String(port),
      CONVEYOR_TEMPORAL_UI_PORT: String(uiPort),
      CONVEYOR_LOG_FORMAT: 'json',
      // Half the restart back-off: the Ctrl-C below still lands within a wait (of 2 s), even on a busy machine.
      CONVEYOR_DEV_RESTART_BACKOFF_SCALE: '0.5',
      TEMPORAL_ADDRESS: '',
    };
    let dev = spawnCli(['dev'], env);
    await waitForOutput(dev, /Conveyor is ready/);
    expect(dev.output()).toContain("watching the application's");
    expect(dev.output()).toContain(`Temporal Web UI: http://127.0.0.1:${uiPort}`);
    expect((await fetch(`http://127.0.0.1:${uiPort}/`)).status).toBe(200);
    expect(dev.output()).toContain(`API on http://127.0.0.1:${apiPort}`);
    // The worker's SDK metrics, on the port the log names (worker-metrics-relay.ts).
    expect(dev.output()).toContain(`worker metrics for Prometheus: http://127.0.0.1:${metricsPort}/metrics`);
    const workerMetrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(workerMetrics.status).toBe(200);
    expect(await workerMetrics.text()).toMatch(/^temporal_worker_task_slots_available\{[^}]*task_queue="computor-tasks"[^}]*\} [1-9]\d*$/m);
    // The worker process (which serves the API too) runs with its young generation capped (young-generation.ts).
    const [worker] = await devChildPids(dev, 'worker');
    expect(readFileSync(`/proc/${worker}/cmdline`, 'utf8').split('\0')).toContain('--max-semi-space-size=4');
    // And with two malloc arenas (malloc-arenas.ts), unless this test's own environment names a count.
    if (process.env.MALLOC_ARENA_MAX === undefined) expect(readFileSync(`/proc/${worker}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=2');
    // The ready line names everything in use, and pastes as a command that reaches this API.
    const api = `http://127.0.0.1:${apiPort}`;
    expect(dev.output()).toContain(`Conveyor is ready: API ${api} (docs ${api}/docs), Temporal 127.0.0.1:${port} (Web UI http://127.0.0.1:${uiPort}).`);
    expect(dev.output()).toContain(`Submit one: CONVEYOR_API_URL=${api} npx conveyor submit`);
    // The existing clients' request, verbatim, against the API that npm start runs.
    const viaApi = await fetch(`http://127.0.0.1:${apiPort}/tasks/submit`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ task_name: 'example_long_running', parameters: { duration: 1, message: 'Hello Temporal!' }, queue: 'computor-tasks' }),
    });
    expect(viaApi.status).toBe(201);

    const submitted = await runCli(['submit', 'example_long_running', '--params', '{"duration": 3, "message": "survives"}', '--json'], env);
    expect(submitted.code).toBe(0);
    const { task_id: taskId } = JSON.parse(submitted.stdout) as { task_id: string };

    // Stop the stack while the task is in flight.
    let connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    const client = new Client({ connection });
    await untilActivityWorking(client, client.workflow.getHandle(taskId));
    await connection.close();
    dev.kill('SIGTERM');
    expect(await exitOnceStopped(dev)).toBe(0);
    expect(dev.output()).toContain('worker stopped: in-flight work drained');
    expect(await portAnswers(port)).toBe(false);
    expect(await portAnswers(uiPort)).toBe(false);
    expect(await portAnswers(apiPort)).toBe(false);
    expect(await portAnswers(metricsPort)).toBe(false);

    // Same data folder: the task is still there and finishes. (This time without the dev loop, and
    // the API on whatever port is free: the ready line says which.)
    dev = spawnCli(['dev', '--no-watch'], { ...env, CONVEYOR_API_PORT: '0', CONVEYOR_WORKER_METRICS_PORT: '' });
    let apiInUse = '';
    try {
      const readyLine = await waitForOutput(dev, /Conveyor is ready: API (http:\/\/127\.0\.0\.1:\d+) \(docs \1\/docs\)/);
      apiInUse = /http:\/\/127\.0\.0\.1:\d+/.exec(readyLine)?.[0] ?? '';
      expect(apiInUse).not.toBe('http://127.0.0.1:0');
      expect(dev.output()).not.toContain("watching the application's");
      // Without CONVEYOR_WORKER_METRICS_PORT the worker's metrics are on a free port, which the log names.
      expect(dev.output()).toMatch(/worker metrics for Prometheus: http:\/\/127\.0\.0\.1:[1-9]\d*\/metrics/);
      const viaCli = await runCli(['tasks', 'get', taskId, '--json'], { CONVEYOR_API_URL: apiInUse });
      expect(viaCli.code, viaCli.stderr).toBe(0);
      connection = await Connection.connect({ address: `127.0.0.1:${port}` });
      const result = await new Client({ connection }).workflow.getHandle(taskId).result();
      expect(result).toMatchObject({ message: 'survives', requested_duration: 3 });
      await connection.close();

      // The worker (and the API it serves) dies each time it starts, until the supervisor waits 2 s
      // (4 s, halved) before the next start: a Ctrl-C then (below) still stops everything in order,
      // and starts nothing more.
      await killEachNewChild(dev, 'worker', () => /"msg":"worker exited unexpectedly \([^)]*\); starting a new one in 2 s"/.test(dev.output()));
    } finally {
      // Ctrl-C under `npm start` can arrive twice (from the terminal and from npm): still one orderly stop.
      dev.kill('SIGINT');
      await waitForOutput(dev, /"msg":"stopping: /);
      dev.kill('SIGINT');
      expect(await exitOnceStopped(dev)).toBe(0);
      expect(dev.output().match(/"msg":"stopping: /g)).toHaveLength(1);
    }
    expect(await portAnswers(Number(new URL(apiInUse).port))).toBe(false);
  }, 120_000);
});
