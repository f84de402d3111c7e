/**
 * Fairness benchmark (issue 25): submitter A floods a queue with BENCH_FLOOD (2,000) tasks, then
 * submitter B submits BENCH_B (20); B's wait from submit to the start of its task's activity, with
 * Temporal's fairness on and off, against B submitting alone, in the same run.
 *
 * The task (bench/fairness-app) runs one activity that holds a worker slot for BENCH_HOLD_MS (1000,
 * one slot's turn) and answers when it started. One `conveyor worker start` serves the queue with
 * BENCH_SLOTS (40: twice B's batch) activity slots (CONVEYOR_WORKER_CONCURRENCY), so the flood builds a backlog that
 * drains at about BENCH_SLOTS / BENCH_HOLD_MS. Tasks start as the Task API starts them
 * (`startTask`, callers `A` and `B`): their fairness key is their submitter, Conveyor's default.
 *
 * Two dev servers, one after the other, each with its own worker: Conveyor's own (fairness on),
 * then the same with `matching.enableFairness=false` added after Conveyor's values (the later
 * value wins: a probe reads back which way each server dispatches). On each, after a warm-up:
 *  1. baseline: B submits alone on the idle queue;
 *  2. flood: A submits its tasks (32 starts in flight), then B submits its own at once.
 * Run: npm run bench:fairness   (BENCH_FLOOD, BENCH_B, BENCH_SLOTS, BENCH_HOLD_MS as above;
 * BENCH_MAX_MINUTES, default 20: the run stops and fails past it. Writes test-artifacts/bench-fairness.json.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createLogger } from '../src/log';
import { loadProject } from '../src/project/load-project';
import type { TaskRegistry } from '../src/tasks/registry';
import { startTask } from '../src/temporal/tasks/start-task';
import { exitOf, readyMessage, ROOT, runCli, spawnCli } from '../test/helpers/cli';
import { startScratchDevServer } from '../test/helpers/scratch-dev-server';
import { FAIRNESS_QUEUE } from './fairness-app/conveyor.config';
import { busyShare, machineCpuTicks } from './machine-cpu';
import { fairnessProbe, PROBE_TASKS, probedMode } from './fairness-probe';
import { printReport, type ArmFigures, type ServerFigures } from './fairness-report';
import { Teardown, tearDownOnSignals } from './teardown';

const FLOOD = Number(process.env.BENCH_FLOOD ?? 2000);
const B_TASKS = Number(process.env.BENCH_B ?? 20);
const SLOTS = Number(process.env.BENCH_SLOTS ?? 40);
const HOLD_MS = Number(process.env.BENCH_HOLD_MS ?? 1000);
const MAX_MINUTES = Number(process.env.BENCH_MAX_MINUTES ?? 20);
/** A's starts in flight while it floods the queue. */
const FLOOD_IN_FLIGHT = 32;
/** Results read at once after an arm (the tasks have mostly ended by then). */
const RESULTS_IN_FLIGHT = 16;
const WARMUP = 40;
const CONFIG = path.join(__dirname, 'fairness-app', 'conveyor.config.ts');
const TASK = 'fairness_hold_slot';
const ARTIFACT = path.join(ROOT, 'test-artifacts', 'bench-fairness.json');

/** One submitted task: when it was submitted and, once it has run, when its activity started (epoch ms). */
interface Submitted {
  submittedAt: number;
  result: () => Promise<{ startedAt: number }>;
}

/** What one server's arms run against. */
interface Stack {
  client: Client;
  registry: TaskRegistry;
}

async function main(): Promise<void> {
  const teardown = new Teardown();
  tearDownOnSignals(teardown);
  const overtime = setTimeout(() => {
    console.error(`past BENCH_MAX_MINUTES (${MAX_MINUTES} min): stopping`);
    process.exitCode = 1;
    void teardown.run().finally(() => process.exit(1));
  }, MAX_MINUTES * 60_000);
  teardown.add(() => clearTimeout(overtime));
  const rootDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-bench-fairness-'));
  teardown.add(() => rmSync(rootDir, { recursive: true, force: true }));
  try {
    const bundle = path.join(rootDir, 'bundle.js');
    const built = await runCli(['worker', 'bundle', '--out', bundle], { CONVEYOR_CONFIG: CONFIG, CONVEYOR_DATA_DIR: rootDir, CONVEYOR_LOG_LEVEL: 'warn' });
    if (built.code !== 0) throw new Error(`conveyor worker bundle failed: ${built.stderr}`);
    const { registry } = await loadProject({ configFlag: CONFIG });
    const loadAtStart = os.loadavg();
    const servers: ServerFigures[] = [];
    for (const fairness of ['on', 'off'] as const) {
      servers.push(await onServer(teardown, { fairness, rootDir, bundle, registry }));
    }
    const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg() };
    const settings = { flood: FLOOD, bTasks: B_TASKS, slots: SLOTS, holdMs: HOLD_MS };
    const { targetMet } = printReport(servers, settings, machine);
    mkdirSync(path.dirname(ARTIFACT), { recursive: true });
    writeFileSync(ARTIFACT, `${JSON.stringify({ date: new Date().toISOString(), machine, settings, servers, targetMet }, null, 2)}\n`);
  } finally {
    await teardown.run();
  }
}

/** One dev server with fairness `on` or `off`, its own worker, and the two arms on it. */
async function onServer(teardown: Teardown, options: { fairness: 'on' | 'off'; rootDir: string; bundle: string; registry: TaskRegistry }): Promise<ServerFigures> {
  const dataDir = path.join(options.rootDir, `server-${options.fairness}`);
  const log = createLogger('bench', { level: 'warn', format: 'pretty' });
  // Conveyor's own values come first on the command line; this later one for the same key replaces it (the probe shows it does).
  const dynamicConfig = options.fairness === 'off' ? { 'matching.enableFairness': false } : undefined;
  const server = teardown.track(startScratchDevServer(dataDir, log, dynamicConfig ? { dynamicConfig } : {}), (s) => s.stop());
  const { address } = await server.started;
  const connection = teardown.track(Connection.connect({ address }), (c) => c.close());
  const client = new Client({ connection: await connection.started, namespace: 'default' });
  const probePlace = await fairnessProbe(client);
  const probed = probedMode(probePlace);
  console.error(`dev server with fairness ${options.fairness}: the probe's B task came in place ${probePlace} of ${PROBE_TASKS} (dispatch reads as fairness ${probed})`);
  if (probed !== options.fairness) throw new Error(`the server meant to have fairness ${options.fairness} dispatches as ${probed}`);

  const workerEnv = {
    TEMPORAL_ADDRESS: address,
    CONVEYOR_DATA_DIR: dataDir,
    CONVEYOR_CONFIG: CONFIG,
    CONVEYOR_WORKFLOW_BUNDLE: options.bundle,
    CONVEYOR_WORKER_CONCURRENCY: String(SLOTS),
    CONVEYOR_LOG_LEVEL: 'warn',
  };
  const workerProcess = spawnCli(['worker', 'start', '--queues', FAIRNESS_QUEUE], workerEnv);
  const worker = teardown.add(async () => {
    workerProcess.kill('SIGTERM');
    await exitOf(workerProcess);
  });
  await readyMessage(workerProcess, 120_000);

  const stack: Stack = { client, registry: options.registry };
  console.error(`  warm-up: ${WARMUP} tasks`);
  await results(await submitMany(stack, 'warm-up', WARMUP, FLOOD_IN_FLIGHT));
  const arms: ArmFigures[] = [await baselineArm(stack), await floodArm(stack)];

  // This server's stack is done: stopped now, the next one starts on a quiet machine.
  await worker();
  await connection.stop();
  await server.stop();
  return { fairness: options.fairness, probePlace, arms };
}

/** B submits alone, on the idle queue. */
async function baselineArm(stack: Stack): Promise<ArmFigures> {
  console.error(`  baseline: B submits ${B_TASKS} alone`);
  const machineBefore = machineCpuTicks();
  const b = await submitMany(stack, 'B', B_TASKS, B_TASKS);
  const bWaitsMs = waits(b, await results(b));
  return { arm: 'baseline', bWaitsMs, machineBusy: busyShare(machineBefore, machineCpuTicks()) };
}

/** A floods the queue, then B submits. */
async function floodArm(stack: Stack): Promise<ArmFigures> {
  console.error(`  flood: A submits ${FLOOD}, then B submits ${B_TASKS}`);
  const machineBefore = machineCpuTicks();
  const floodBegan = Date.now();
  const a = await submitMany(stack, 'A', FLOOD, FLOOD_IN_FLIGHT);
  const bSubmittedAt = Date.now();
  const b = await submitMany(stack, 'B', B_TASKS, B_TASKS);
  // B's results first: reading A's 2,000 while B still waits would load the server B waits on.
  const bStarts = await results(b);
  console.error(`  B's tasks have all started; reading A's results`);
  const aStarts = await results(a);
  const machineBusy = busyShare(machineBefore, machineCpuTicks());
  const bLastStart = Math.max(...bStarts);
  const aLastStart = Math.max(...aStarts);
  // B's share of the starts while it had tasks waiting: 0.5 is an even split with A.
  const aStartsWhileBWaited = aStarts.filter((startedAt) => startedAt >= bSubmittedAt && startedAt <= bLastStart).length;
  return {
    arm: 'flood',
    bWaitsMs: waits(b, bStarts),
    floodSubmitMs: bSubmittedAt - floodBegan,
    aQueuedWhenBSubmitted: aStarts.filter((startedAt) => startedAt > bSubmittedAt).length,
    aDrainedMs: aLastStart + HOLD_MS - floodBegan,
    aStartsWhileBWaited,
    bShareWhileWaiting: B_TASKS / (B_TASKS + aStartsWhileBWaited),
    machineBusy,
  };
}

/** Submits `count` tasks as `submitter` through `startTask`, at most `inFlight` starts at once; each remembers when it was submitted. */
async function submitMany(stack: Stack, submitter: string, count: number, inFlight: number): Promise<Submitted[]> {
  const submitted: Submitted[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      next++;
      const submittedAt = Date.now();
      const { handle } = await startTask(stack.client, stack.registry, { taskName: TASK, params: { holdMs: HOLD_MS } }, { name: submitter, role: 'submitter' });
      submitted.push({ submittedAt, result: () => handle.result() as Promise<{ startedAt: number }> });
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, lane));
  return submitted;
}

/** When each task's activity started, in the order given. */
async function results(tasks: Submitted[]): Promise<number[]> {
  const starts = new Array<number>(tasks.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      starts[index] = (await tasks[index]!.result()).startedAt;
    }
  };
  await Promise.all(Array.from({ length: Math.min(RESULTS_IN_FLIGHT, tasks.length) }, lane));
  return starts;
}

function waits(tasks: Submitted[], starts: number[]): number[] {
  return tasks.map((task, index) => starts[index]! - task.submittedAt);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
