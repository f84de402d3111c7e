/**
 * Load with every task accounted for: closed-loop load through the Task API at 16, 64 and 256 in
 * flight, of `noop` and of a three-activity task (the examples' step sequence), against the raw
 * Temporal client doing the same starts, on one dev server, one worker process and one API process,
 * in the same run. After each segment, Temporal's visibility (not this tool's bookkeeping) must
 * list every accepted task as Completed and nothing else, and every result must be right.
 * Run: npm run bench:load   (BENCH_TASKS, default 10000: tasks completed through the API, spread
 * over the six cells; the client path runs as many again. BENCH_MAX_MINUTES, default 30: the run
 * stops and fails past it. CONVEYOR_TEMPORAL_DURABILITY picks the dev server's SQLite durability.)
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadSettings } from '../src/config';
import { createLogger } from '../src/log';
import { loadProject } from '../src/project/load-project';
import { readyMessage, ROOT, spawnCli } from '../test/helpers/cli';
import { freePort } from '../test/helpers/free-port';
import { startScratchDevServer } from '../test/helpers/scratch-dev-server';
import { closedLoop, type LoopRun } from './closed-loop';
import { jsonClient } from './http-client';
import { viaApi, viaClient, type OnAccepted, type TaskOutcome } from './load-paths';
import { printTaskType, PROCESSES, type LoadPath, type SegmentFigures } from './load-report';
import { noopLoad, stepSequenceLoad, type LoadTaskType } from './load-task-types';
import { busyShare, machineCpuTicks } from './machine-cpu';
import { percentile } from './percentile';
import { cpuSeconds } from './process-tree';
import { sampleRssPeaks } from './rss-sampler';
import { accountedFor, accountFor } from './visibility-accounting';
import { stopBenchStack } from './stop-stack';

const TASKS = Number(process.env.BENCH_TASKS ?? 10_000);
const MAX_MINUTES = Number(process.env.BENCH_MAX_MINUTES ?? 30);
const IN_FLIGHT = [16, 64, 256];
const TASK_TYPES = [noopLoad, stepSequenceLoad];
const QUEUE = 'bench-load';
const CELLS = TASK_TYPES.flatMap((type) => IN_FLIGHT.map((inFlight) => ({ type, inFlight })));
/** Tasks per cell: BENCH_TASKS spread evenly, the remainder one each to the first cells. */
const PER_CELL = CELLS.map((_, index) => Math.floor(TASKS / CELLS.length) + (index < TASKS % CELLS.length ? 1 : 0));
const WARMUP = Math.min(50, Math.ceil(TASKS / CELLS.length / 5));
const DURABILITY = loadSettings().devServer.durability;
const ARTIFACT = path.join(ROOT, 'test-artifacts', 'bench-load.json');

type OneTask = (type: LoadTaskType, onAccepted: OnAccepted) => Promise<TaskOutcome>;

async function main(): Promise<void> {
  const overtime = new AbortController();
  const timer = setTimeout(() => overtime.abort(), MAX_MINUTES * 60_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-bench-load-'));
  const log = createLogger('bench', { level: 'warn', format: 'pretty' });
  const server = await startScratchDevServer(dataDir, log, { durability: DURABILITY });
  const env = { TEMPORAL_ADDRESS: server.address, CONVEYOR_DATA_DIR: dataDir, CONVEYOR_LOG_LEVEL: 'warn' };
  const apiPort = await freePort();
  const worker = spawnCli(['worker', 'start', '--queues', QUEUE], env);
  // One caller sends everything: its submit budget (600 a minute by default) must not be what is measured.
  const api = spawnCli(['api'], { ...env, CONVEYOR_AUTH: 'none', CONVEYOR_API_PORT: String(apiPort), CONVEYOR_SUBMIT_RATE_LIMIT: '1000000' });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  // As many kept-alive sockets as callers: none waits for a connection of the client's own.
  const http = jsonClient(`http://127.0.0.1:${apiPort}`, Math.max(...IN_FLIGHT));
  const loadAtStart = os.loadavg();
  const segments: SegmentFigures[] = [];
  try {
    await Promise.all([readyMessage(worker, 120_000), readyMessage(api, 60_000)]);
    const { registry } = await loadProject();
    const paths: Record<LoadPath, OneTask> = {
      api: (type, onAccepted) => viaApi(http, type, QUEUE, onAccepted),
      client: (type, onAccepted) => viaClient(client, registry, type, QUEUE, onAccepted),
    };
    const pids: Record<string, number | undefined> = { temporal: server.pid, worker: worker.pid, api: api.pid };

    console.error(`warming up: ${WARMUP} tasks of each type each way, 16 in flight`);
    for (const type of TASK_TYPES) {
      for (const pathName of ['api', 'client'] as const) {
        const warm = await closedLoop(WARMUP, 16, (onAccepted) => paths[pathName](type, onAccepted), overtime.signal);
        if (warm.errors.length > 0) throw new Error(`warm-up failed: ${warm.errors[0]}`);
      }
    }

    for (const [index, { type, inFlight }] of CELLS.entries()) {
      const order: LoadPath[] = index % 2 === 0 ? ['api', 'client'] : ['client', 'api'];
      for (const [position, pathName] of order.entries()) {
        const count = PER_CELL[index] ?? 0;
        console.error(`cell ${index + 1}/${CELLS.length}: ${count} × ${type.name}, ${inFlight} in flight, ${pathName === 'api' ? 'through the API' : 'through the Temporal client'}`);
        const machineBefore = machineCpuTicks();
        const cpuBefore = cpuNow(pids);
        const rss = sampleRssPeaks(pids);
        const run = await closedLoop(count, inFlight, (onAccepted) => paths[pathName](type, onAccepted), overtime.signal);
        const peakRssMb = await rss.stop();
        const cpuAfter = cpuNow(pids);
        const machineBusy = busyShare(machineBefore, machineCpuTicks());
        if (overtime.signal.aborted) throw new Error(`the run exceeded BENCH_MAX_MINUTES (${MAX_MINUTES} min); stopped in cell ${index + 1}`);
        const figures = await figuresOf(client, run, { type, inFlight, pathName, order: position === 0 ? 1 : 2, count, cpuBefore, cpuAfter, machineBusy, peakRssMb });
        segments.push(figures);
        const a = figures.accounting;
        console.error(
          `  ${figures.throughput.toFixed(1)} tasks/s; visibility: ${a.completedInVisibility} completed of ${a.accepted} accepted, ${a.missing} missing, ${a.extra} extra, ${a.notCompleted} not completed, ${a.wrong} wrong (settled in ${(a.settleMs / 1000).toFixed(1)} s)`,
        );
      }
    }

    const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, durability: DURABILITY, loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg() };
    console.log(`\n${TASKS} tasks through the API and as many through the Temporal client (${machine.cores} cores, Node ${machine.node}, dev server durability ${DURABILITY}; load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} at the start, ${machine.loadAverageAtEnd.map((l) => l.toFixed(2)).join(' ')} at the end)`);
    for (const type of TASK_TYPES) printTaskType(type.label, segments.filter((s) => s.taskType === type.name));
    mkdirSync(path.dirname(ARTIFACT), { recursive: true });
    writeFileSync(ARTIFACT, `${JSON.stringify({ date: new Date().toISOString(), machine, tasks: TASKS, queue: QUEUE, segments }, null, 2)}\n`);
    const unaccounted = segments.filter((s) => !s.accountedFor);
    if (unaccounted.length > 0) {
      console.log(`\n${unaccounted.length} segment(s) NOT accounted for: ${unaccounted.map((s) => `${s.taskType} ${s.inFlight} ${s.path}`).join(', ')}`);
      process.exitCode = 1;
    } else {
      console.log(`\nevery accepted task of every segment is listed Completed in visibility, none extra, every result right`);
    }
  } finally {
    clearTimeout(timer);
    await stopBenchStack({ clients: [http, connection], children: [api, worker], server, dataDir });
  }
}

interface SegmentContext {
  type: LoadTaskType;
  inFlight: number;
  pathName: LoadPath;
  order: 1 | 2;
  count: number;
  cpuBefore: Record<string, number>;
  cpuAfter: Record<string, number>;
  machineBusy: number;
  peakRssMb: Record<string, number>;
}

/** A segment's figures: its latencies and throughput, visibility's account of its tasks, CPU and memory per process. */
async function figuresOf(client: Client, run: LoopRun, segment: SegmentContext): Promise<SegmentFigures> {
  const wrong = run.outcomes.filter((outcome) => !segment.type.isRight(outcome.result)).length;
  const accounting = await accountFor(client, { queue: QUEUE, from: run.startedAt, to: run.endedAt, accepted: run.accepted, wrong });
  const submit = run.outcomes.map((outcome) => outcome.submitMs);
  const endToEnd = run.outcomes.map((outcome) => outcome.endToEndMs);
  const cpuUsed = Object.fromEntries(PROCESSES.map((name) => [name, (segment.cpuAfter[name] ?? NaN) - (segment.cpuBefore[name] ?? NaN)]));
  const wallSeconds = run.wallMs / 1000;
  return {
    taskType: segment.type.name,
    inFlight: segment.inFlight,
    path: segment.pathName,
    order: segment.order,
    tasks: run.outcomes.length,
    wallSeconds,
    throughput: run.outcomes.length / wallSeconds,
    submitMs: { p50: percentile(submit, 50), p99: percentile(submit, 99) },
    endToEndMs: { p50: percentile(endToEnd, 50), p99: percentile(endToEnd, 99) },
    accounting,
    accountedFor: run.errors.length === 0 && accountedFor(accounting, segment.count),
    errors: run.errors.slice(0, 5),
    cpuSecondsPer100Tasks: Object.fromEntries(Object.entries(cpuUsed).map(([name, seconds]) => [name, (seconds / segment.count) * 100])),
    peakRssMb: segment.peakRssMb,
    machineCpuShare: Object.values(cpuUsed).reduce((a, b) => a + b, 0) / wallSeconds / os.cpus().length,
    machineBusyShare: segment.machineBusy,
  };
}

/** CPU seconds so far of each measured process tree, and of this benchmark process as `bench`. */
function cpuNow(pids: Record<string, number | undefined>): Record<string, number> {
  const usage = process.cpuUsage();
  return { ...Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, pid ? cpuSeconds(pid) : NaN])), bench: (usage.user + usage.system) / 1e6 };
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
