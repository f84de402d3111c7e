/**
 * Worker overhead benchmark: the CPU a worker spends per no-op workflow, Conveyor's worker against
 * a plain Temporal SDK worker running the same `noop` workflow, on the same dev server, in the
 * same run. Four workers serve a queue each, all up at once:
 *  - conveyor: `conveyor worker start` with the application's bundle (every task's workflow, and
 *    Conveyor's workflow interceptor), the tasks started as the API starts them (`startTask`);
 *  - plain, Conveyor's bundle: a plain SDK worker (bench/plain-noop-worker.ts) with that same
 *    bundle, started the same way: the bundle's cost apart from Conveyor's process;
 *  - plain, started as a task: the plain worker with a bundle of `noop` alone and no interceptor,
 *    started the same way (`startTask`: the search attributes and memo the worker decodes);
 *  - plain: that plain worker started with a bare `workflow.start`: the baseline.
 * Each runs BENCH_N (default 1000) workflows with BENCH_CONCURRENCY (default 32) in flight, after a
 * warm-up, in BENCH_SEGMENTS (default 4) segments in a rotating order so that no worker always goes first; CPU seconds per
 * worker process come from /proc over its own segments only.
 * BENCH_EXTRA_BUNDLES=<name>=<bundle file>,… adds plain workers with bundles of your own (tasks
 * started as the API starts them), to try a change to the bundle before making it. BENCH_TWIN=1
 * adds a twin of the "plain, started as a task" worker: how far a ratio strays between equals.
 * BENCH_ACTIVITIES=1 adds a plain worker with Conveyor's bundle and the application's activities;
 * BENCH_THREADS=1 prints each worker's CPU per thread; BENCH_CPU_PROF=<folder> has every worker
 * write V8 CPU profiles.
 * Run: npm run bench:worker
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createLogger } from '../src/log';
import { loadProject } from '../src/project/load-project';
import { startTask } from '../src/temporal/tasks/start-task';
import { exitOf, readyMessage, runCli, spawnCli, waitForOutput, withOutput, type ProcessWithOutput } from '../test/helpers/cli';
import { startScratchDevServer } from '../test/helpers/scratch-dev-server';
import type { DevServer } from '../src/temporal/dev-server/dev-server';
import { cpuProfileFlags } from './cpu-profile-flags';
import { cpuSeconds, threadCpuSeconds, type ThreadCpu } from './process-tree';

const N = Number(process.env.BENCH_N ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
/** Segments per worker (BENCH_SEGMENTS): more of them spread the machine's changes of pace over every worker. */
const SEGMENTS = Number(process.env.BENCH_SEGMENTS ?? 4);
const WARMUP = Math.min(200, Math.ceil(N / 5));
/** Runs a TypeScript script without tsx in its workflow threads, as Conveyor's worker runs (bench/run-ts.mjs). */
const RUN_TS = path.join(__dirname, 'run-ts.mjs');
/**
 * BENCH_TSX_THREADS=1 adds Conveyor's worker and the plain worker with its bundle as both ran before
 * 2026-12-07: under `node --require tsx/cjs`, which Node hands to every workflow thread.
 */
const TSX_THREADS = process.env.BENCH_TSX_THREADS === '1';
const TSX = require.resolve('tsx/cjs');

/** BENCH_NODE_FLAGS="<flags>" adds the plain worker started as a task, launched with those Node flags. */
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

/** BENCH_TWIN=1 adds a twin of the "plain, started as a task" worker, to show how far a ratio strays between equals. */
const TWIN = process.env.BENCH_TWIN === '1';
/** BENCH_ACTIVITIES=1 adds a plain worker with Conveyor's bundle that also registers the application's activities. */
const ACTIVITIES = process.env.BENCH_ACTIVITIES === '1';
/** BENCH_THREADS=1: after the table, each worker's CPU per thread over its own segments. */
const THREADS = process.env.BENCH_THREADS === '1';
const EXTRA_BUNDLES = (process.env.BENCH_EXTRA_BUNDLES ?? '')
  .split(',')
  .filter(Boolean)
  .map((entry) => entry.split('=') as [string, string]);

/** One worker process under test, how its workflows are started, and what they cost it. */
interface Contender {
  name: string;
  queue: string;
  process: ProcessWithOutput;
  ready: () => Promise<unknown>;
  runOne: () => Promise<void>;
  workflows: number;
  wallMs: number;
  workerCpu: number;
  serverCpu: number;
  /** With BENCH_THREADS: CPU seconds of each thread (by id) over this worker's segments. */
  threads: Map<string, ThreadCpu>;
}

/** Runs `count` workflows with at most `concurrency` in flight. */
async function pool(count: number, one: () => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      next++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, lane));
}

function spawnPlainWorker(address: string, queue: string, bundle: string, options: { activities?: boolean; tsxInThreads?: boolean; nodeFlags?: string[] } = {}): ProcessWithOutput {
  const script = path.join(__dirname, 'plain-noop-worker.ts');
  const nodeFlags = [...cpuProfileFlags(queue), ...(options.nodeFlags ?? [])];
  const launch = options.tsxInThreads ? ['--require', TSX] : [RUN_TS];
  const args = [...nodeFlags, ...launch, script, address, queue, bundle, ...(options.activities ? ['--activities'] : [])];
  return withOutput(spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-bench-worker-'));
  const log = createLogger('bench', { level: 'warn', format: 'pretty' });
  const server = await startScratchDevServer(dataDir, log);
  try {
    await measure(server, dataDir);
  } finally {
    // Also when a bundle fails to build: a dev server left running would keep the benchmark alive.
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measure(server: DevServer, dataDir: string): Promise<void> {
  const env = { TEMPORAL_ADDRESS: server.address, CONVEYOR_DATA_DIR: dataDir, CONVEYOR_LOG_LEVEL: 'warn' };

  // Both bundles built before any worker runs: `conveyor worker bundle` (what production images
  // pre-build) and the SDK's own bundler on the file that defines `noop`.
  const conveyorBundle = path.join(dataDir, 'conveyor-bundle.js');
  const built = await runCli(['worker', 'bundle', '--out', conveyorBundle], env);
  if (built.code !== 0) throw new Error(`conveyor worker bundle failed: ${built.stderr}`);
  const noopBundle = path.join(dataDir, 'noop-bundle.js');
  writeFileSync(noopBundle, (await bundleWorkflowCode({ workflowsPath: require.resolve('../src/builtin/workflows') })).code);

  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  const { registry } = await loadProject();
  const asTask = (queue: string) => async (): Promise<void> => {
    const { handle } = await startTask(client, registry, { taskName: 'noop', params: {}, queue }, { name: 'bench', role: 'admin' });
    check(await handle.result());
  };
  // The baseline is started as anyone starts a workflow: no search attributes or memo to decode.
  const bare = (queue: string) => async (): Promise<void> => {
    const handle = await client.workflow.start('noop', { taskQueue: queue, workflowId: randomUUID(), args: [{}] });
    check(await handle.result());
  };
  const contenders: Contender[] = [];
  const add = (name: string, spawnWorker: (queue: string) => ProcessWithOutput, start: (queue: string) => () => Promise<void>, ready?: (p: ProcessWithOutput) => Promise<unknown>) => {
    const queue = `bench-worker-${contenders.length}`;
    const child = spawnWorker(queue);
    const waitReady = ready ?? ((p: ProcessWithOutput) => waitForOutput(p, /plain worker ready/));
    contenders.push({ name, queue, process: child, ready: () => waitReady(child), runOne: start(queue), workflows: 0, wallMs: 0, workerCpu: 0, serverCpu: 0, threads: new Map() });
  };
  add('conveyor', (queue) => spawnCli(['worker', 'start', '--queues', queue], { ...env, CONVEYOR_WORKFLOW_BUNDLE: conveyorBundle }, cpuProfileFlags(queue)), asTask, (p) => readyMessage(p, 120_000));
  add("plain, Conveyor's bundle", (queue) => spawnPlainWorker(server.address, queue, conveyorBundle), asTask);
  add('plain, started as a task', (queue) => spawnPlainWorker(server.address, queue, noopBundle), asTask);
  add('plain (baseline)', (queue) => spawnPlainWorker(server.address, queue, noopBundle), bare);
  // A second, identical worker: its ratio to its twin is this run's noise.
  if (TWIN) add('plain, started as a task (twin)', (queue) => spawnPlainWorker(server.address, queue, noopBundle), asTask);
  if (ACTIVITIES) add("plain, Conveyor's bundle and activities", (queue) => spawnPlainWorker(server.address, queue, conveyorBundle, { activities: true }), asTask);
  if (TSX_THREADS) {
    // Node hands a `--require` on its command line to every worker thread: tsx in the workflow threads.
    add('conveyor, tsx in its threads', (queue) => spawnCli(['worker', 'start', '--queues', queue], { ...env, CONVEYOR_WORKFLOW_BUNDLE: conveyorBundle }, [...cpuProfileFlags(queue), '--require', TSX]), asTask, (p) => readyMessage(p, 120_000));
    add("plain, Conveyor's bundle, tsx in its threads", (queue) => spawnPlainWorker(server.address, queue, conveyorBundle, { tsxInThreads: true }), asTask);
  }
  if (NODE_FLAGS.length > 0) add(`plain, started as a task, ${NODE_FLAGS.join(' ')}`, (queue) => spawnPlainWorker(server.address, queue, noopBundle, { nodeFlags: NODE_FLAGS }), asTask);
  for (const [name, bundle] of EXTRA_BUNDLES) add(name, (queue) => spawnPlainWorker(server.address, queue, bundle), asTask);
  try {
    await Promise.all(contenders.map((contender) => contender.ready()));
    console.error(`warming up: ${WARMUP} workflows each`);
    for (const contender of contenders) await pool(WARMUP, contender.runOne);

    const perSegment = Math.ceil(N / SEGMENTS);
    for (let segment = 0; segment < SEGMENTS; segment++) {
      // Rotated, so that each worker runs first, second, third… in turn.
      const order = contenders.map((_, i) => contenders[(i + segment) % contenders.length]!);
      for (const contender of order) {
        const count = Math.min(perSegment, N - contender.workflows);
        console.error(`segment ${segment + 1}/${SEGMENTS}: ${count} workflows on the ${contender.name} worker`);
        const workerBefore = cpuSeconds(contender.process.pid!);
        const threadsBefore = THREADS ? threadCpuSeconds(contender.process.pid!) : undefined;
        const serverBefore = cpuSeconds(server.pid!);
        const began = performance.now();
        await pool(count, contender.runOne);
        contender.wallMs += performance.now() - began;
        contender.workerCpu += cpuSeconds(contender.process.pid!) - workerBefore;
        if (threadsBefore) {
          for (const [tid, after] of threadCpuSeconds(contender.process.pid!)) {
            const spent = after.seconds - (threadsBefore.get(tid)?.seconds ?? 0);
            const sum = contender.threads.get(tid) ?? { name: after.name, seconds: 0 };
            contender.threads.set(tid, { name: sum.name, seconds: sum.seconds + spent });
          }
        }
        contender.serverCpu += cpuSeconds(server.pid!) - serverBefore;
        contender.workflows += count;
      }
    }
    report(contenders);
    if (THREADS) reportThreads(contenders);
  } finally {
    await connection.close();
    for (const { process: child } of contenders) {
      child.kill('SIGTERM');
      await exitOf(child);
    }
  }
}

function reportThreads(contenders: Contender[]): void {
  console.log("\nCPU seconds per 100 workflows of each thread (by thread id, its name), over the worker's own segments:");
  for (const c of contenders) {
    const busiest = [...c.threads].filter(([, t]) => t.seconds > 0).sort((a, b) => b[1].seconds - a[1].seconds);
    console.log(`${c.name}: ${busiest.map(([tid, t]) => `${t.name}#${tid} ${((t.seconds / c.workflows) * 100).toFixed(3)}`).join(', ')}`);
  }
}

function check(result: unknown): void {
  if ((result as { ok?: unknown } | undefined)?.ok !== true) throw new Error(`unexpected result ${JSON.stringify(result)}`);
}

function report(contenders: Contender[]): void {
  const per100 = (seconds: number, count: number) => (seconds / count) * 100;
  const workerCost = (c: Contender) => per100(c.workerCpu, c.workflows);
  const baseline = workerCost(contenders.find((c) => c.name === 'plain (baseline)')!);
  const asTask = workerCost(contenders.find((c) => c.name === 'plain, started as a task')!);
  console.log(`\n${N} no-op workflows per worker, ${CONCURRENCY} in flight (${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)})\n`);
  console.log('| worker | workflows/s | worker CPU s / 100 workflows | dev server CPU s / 100 workflows | worker CPU / plain (baseline) | / plain, started as a task |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const c of contenders) {
    const cost = workerCost(c);
    const cells = [c.name, (c.workflows / (c.wallMs / 1000)).toFixed(1), cost.toFixed(3), per100(c.serverCpu, c.workflows).toFixed(3), `${(cost / baseline).toFixed(2)}x`, `${(cost / asTask).toFixed(2)}x`];
    console.log(`| ${cells.join(' | ')} |`);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
