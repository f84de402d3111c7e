/**
 * Dashboard benchmark: with BENCH_TASKS (default 10,000) tasks in the namespace, how long until
 * the first page of /admin/tasks is interactive in headless Chromium (rows shown, paging with the
 * real count), against the same-run baseline of the raw API list call the page makes
 * (GET /tasks?limit=25, whole body read). The tasks are `noop`s started in a batch through the
 * Temporal client (the start the API makes) on a scratch dev server and completed by a worker; the
 * API and the worker run as `npm start` runs them.
 * Run: npm run bench:dashboard   (BENCH_TASKS, BENCH_RUNS default 7; the median and the worst are reported).
 * BENCH_TEMPORAL_ADDRESS measures against a dev server that already holds the tasks (a previous
 * run's), creating none. On a loaded machine some noops may wait past their 5-minute execution
 * timeout: they end timed out, and still count as tasks in the namespace.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createLogger } from '../src/log';
import { loadProject } from '../src/project/load-project';
import { startTask } from '../src/temporal/tasks/start-task';
import { launchChromium } from '../test/helpers/browser';
import { exitOf, readyMessage, ROOT, spawnCli } from '../test/helpers/cli';
import { freePort } from '../test/helpers/free-port';
import { startScratchDevServer } from '../test/helpers/scratch-dev-server';

const TASKS = Number(process.env.BENCH_TASKS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const QUEUE = 'bench-dashboard';
const START_CONCURRENCY = 16;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

async function main(): Promise<void> {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-bench-dashboard-'));
  const log = createLogger('bench', { level: 'warn', format: 'pretty' });
  const existing = process.env.BENCH_TEMPORAL_ADDRESS;
  const server = existing ? undefined : await startScratchDevServer(dataDir, log);
  const address = existing ?? server?.address ?? '';
  const env = { TEMPORAL_ADDRESS: address, CONVEYOR_DATA_DIR: dataDir, CONVEYOR_LOG_LEVEL: 'warn' };
  const apiPort = await freePort();
  const worker = spawnCli(['worker', 'start', '--queues', QUEUE], env);
  const api = spawnCli(['api'], { ...env, CONVEYOR_API_PORT: String(apiPort) });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: 'default' });
  const browser = await launchChromium();
  try {
    await Promise.all([readyMessage(worker, 120_000), readyMessage(api, 60_000)]);
    const base = `http://127.0.0.1:${apiPort}`;
    const { registry } = await loadProject();

    const began = performance.now();
    let started = existing ? TASKS : 0;
    // A start the loaded dev server refuses in time is tried again; every lane settles before anything closes.
    const lane = async (): Promise<void> => {
      for (let failures = 0; started < TASKS; ) {
        started++;
        try {
          await startTask(client, registry, { taskName: 'noop', params: {}, queue: QUEUE }, { name: 'bench', role: 'admin' });
        } catch (error) {
          started--;
          if (++failures > 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    };
    const lanes = await Promise.allSettled(Array.from({ length: START_CONCURRENCY }, lane));
    const failed = lanes.find((lane): lane is PromiseRejectedResult => lane.status === 'rejected');
    if (failed) throw failed.reason;
    if (!existing) console.error(`started ${TASKS} tasks in ${((performance.now() - began) / 1000).toFixed(1)} s; waiting for them to end`);
    const count = async (status: string) =>
      Number((await client.workflowService.countWorkflowExecutions({ namespace: 'default', query: `TaskQueue = '${QUEUE}' AND ExecutionStatus = '${status}'` })).count);
    while ((await count('Running')) > 0) await new Promise((resolve) => setTimeout(resolve, 2000));
    console.error(`all ended after ${((performance.now() - began) / 1000).toFixed(1)} s: ${await count('Completed')} completed, ${await count('TimedOut')} timed out`);

    const apiMs: number[] = [];
    const coldMs: number[] = [];
    const warmMs: number[] = [];
    let shownTotal = '';
    // The first run warms the API's connection to Temporal and the OS's caches; it is not counted.
    for (let run = -1; run < RUNS; run++) {
      // Baseline: the list call the page makes, from Node, whole body read.
      const t0 = performance.now();
      const listed = await fetch(`${base}/tasks?limit=25&offset=0`, { headers: { 'conveyor-vocabulary': 'conveyor' } });
      const body = (await listed.json()) as { total: number; tasks: unknown[] };
      const listMs = performance.now() - t0;
      if (body.total < TASKS || body.tasks.length !== 25) throw new Error(`the list answered total ${body.total}, ${body.tasks.length} rows`);

      // The page: a fresh browser context (nothing cached), then the same page again in it (assets cached).
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const pageMs: number[] = [];
      for (let visit = 0; visit < 2; visit++) {
        const t1 = performance.now();
        await page.goto(`${base}/admin/tasks`, { waitUntil: 'commit' });
        await page.locator('tbody tr').nth(24).waitFor();
        await page.getByRole('button', { name: 'Next' }).and(page.locator(':enabled')).waitFor();
        pageMs.push(performance.now() - t1);
        shownTotal = (await page.getByRole('navigation', { name: 'Pages' }).last().locator('span').textContent()) ?? '';
      }
      await context.close();
      if (run < 0) continue;
      apiMs.push(listMs);
      coldMs.push(pageMs[0] ?? NaN);
      warmMs.push(pageMs[1] ?? NaN);
    }
    const row = (label: string, values: number[]) => `| ${label} | ${median(values).toFixed(0)} ms | ${Math.max(...values).toFixed(0)} ms |`;
    console.log(`tasks in the namespace: ${TASKS} (the page shows "${shownTotal}"); ${RUNS} runs`);
    console.log('| what | median | worst |');
    console.log('| --- | --- | --- |');
    console.log(row('baseline: GET /tasks?limit=25 (raw API call, whole body)', apiMs));
    console.log(row('/admin/tasks interactive, cold (fresh browser context)', coldMs));
    console.log(row('/admin/tasks interactive, warm (assets cached)', warmMs));
    console.log(`page / API call (median): cold ${(median(coldMs) / median(apiMs)).toFixed(1)}x, warm ${(median(warmMs) / median(apiMs)).toFixed(1)}x`);
  } finally {
    await browser.close();
    for (const child of [api, worker]) {
      child.kill('SIGTERM');
      await exitOf(child);
    }
    await connection.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
