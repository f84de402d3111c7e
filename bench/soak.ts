/**
 * Soak: a steady open-loop load through the Task API for a long time, watching what must not grow.
 * One dev server, one `conveyor worker start`, one `conveyor api` (as bench:load), and
 * BENCH_RATE tasks a second (default 30: half the no-op maximum bench:api and bench:load measure on
 * the 2-core machine) for BENCH_MINUTES (default 30), alternating `noop` and the three-activity step
 * sequence; each task is submitted (`POST /tasks`) and awaited (`GET /tasks/{id}/result?wait=`) on
 * its own, whether or not the ones before it are done (open loop: a slower system queues more).
 * Every BENCH_SAMPLE_S seconds (default 10) it records each process's RSS and open file
 * descriptors, and the end-to-end latencies of the tasks that ended in that window. It reports per
 * minute, and over the whole run the RSS slope of the API and the worker (least squares over the
 * run after its first 5 minutes, in MB per 10 minutes), p99 in the first and in the last 5
 * minutes, and the file descriptors at the start and at the end. Every accepted task must complete
 * with the right result; anything else is counted and makes the exit code 1.
 * Run: npm run bench:soak   (writes test-artifacts/bench-soak.json)
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../src/log';
import { readyMessage, ROOT, spawnCli } from '../test/helpers/cli';
import { freePort } from '../test/helpers/free-port';
import { startScratchDevServer } from '../test/helpers/scratch-dev-server';
import { jsonClient } from './http-client';
import { viaApi } from './load-paths';
import { noopLoad, stepSequenceLoad } from './load-task-types';
import { percentile } from './percentile';
import { tree } from './process-tree';
import { stopBenchStack } from './stop-stack';

const RATE = Number(process.env.BENCH_RATE ?? 30);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 30);
const SAMPLE_S = Number(process.env.BENCH_SAMPLE_S ?? 10);
/** Past this many tasks in flight the system is not keeping up: the run says so rather than queueing without end. */
const MAX_IN_FLIGHT = 2000;
/** The first minutes are warm-up (caches, JIT, pools): the slope is fitted on what follows. */
const SETTLE_MINUTES = Math.min(5, MINUTES / 3);
const QUEUE = 'bench-soak';
const TASK_TYPES = [noopLoad, stepSequenceLoad];
const ARTIFACT = path.join(ROOT, 'test-artifacts', 'bench-soak.json');

interface Sample {
  atMinutes: number;
  rssMb: Record<string, number>;
  fds: Record<string, number>;
  done: number;
  endToEndP50: number;
  endToEndP99: number;
  inFlight: number;
}

/** Resident memory of a process tree in MB and the open file descriptors of its root, from /proc (Linux). */
function measure(pid: number): { rssMb: number; fds: number } {
  const rssKb = tree(pid).reduce((total, p) => total + p.rssKb, 0);
  let fds = NaN;
  try {
    fds = readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    // The process has gone: NaN shows in the table.
  }
  return { rssMb: Math.round(rssKb / 1024), fds };
}

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - meanX) * (y - meanY), 0);
  const den = points.reduce((s, [x]) => s + (x - meanX) ** 2, 0);
  return num / den;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-bench-soak-'));
  const log = createLogger('bench', { level: 'warn', format: 'pretty' });
  const server = await startScratchDevServer(dataDir, log);
  const env = { TEMPORAL_ADDRESS: server.address, CONVEYOR_DATA_DIR: dataDir, CONVEYOR_LOG_LEVEL: 'warn' };
  const apiPort = await freePort();
  const worker = spawnCli(['worker', 'start', '--queues', QUEUE], env);
  // One caller sends everything: its submit budget (600 a minute by default) must not be what is measured.
  const api = spawnCli(['api'], { ...env, CONVEYOR_AUTH: 'none', CONVEYOR_API_PORT: String(apiPort), CONVEYOR_SUBMIT_RATE_LIMIT: '1000000' });
  const http = jsonClient(`http://127.0.0.1:${apiPort}`, 256);
  const samples: Sample[] = [];
  const failures: string[] = [];
  let accepted = 0;
  let completed = 0;
  let behind = 0;
  try {
    await Promise.all([readyMessage(worker, 120_000), readyMessage(api, 60_000)]);
    const pids = { api: api.pid!, worker: worker.pid!, temporal: server.pid! };
    const began = performance.now();
    const endsAt = began + MINUTES * 60_000;
    let latencies: number[] = [];
    let inFlight = 0;
    const running = new Set<Promise<void>>();
    const launch = (index: number): void => {
      const type = TASK_TYPES[index % TASK_TYPES.length]!;
      inFlight++;
      const task = viaApi(http, type, QUEUE, () => accepted++)
        .then((outcome) => {
          if (type.isRight(outcome.result)) completed++;
          else failures.push(`${outcome.taskId}: wrong result ${JSON.stringify(outcome.result)}`);
          latencies.push(outcome.endToEndMs);
        })
        .catch((error: unknown) => void failures.push(error instanceof Error ? error.message : String(error)))
        .finally(() => {
          inFlight--;
          running.delete(task);
        });
      running.add(task);
    };
    const sample = (): void => {
      const atMinutes = (performance.now() - began) / 60_000;
      const now = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, measure(pid)]));
      samples.push({
        atMinutes,
        rssMb: Object.fromEntries(Object.entries(now).map(([name, m]) => [name, m.rssMb])),
        fds: Object.fromEntries(Object.entries(now).map(([name, m]) => [name, m.fds])),
        done: latencies.length,
        endToEndP50: percentile(latencies, 50),
        endToEndP99: percentile(latencies, 99),
        inFlight,
      });
      latencies = [];
      const last = samples.at(-1)!;
      console.error(
        `${atMinutes.toFixed(1)} min: ${last.done} done, p99 ${last.endToEndP99.toFixed(0)} ms, in flight ${inFlight}, RSS api ${last.rssMb.api} / worker ${last.rssMb.worker} / temporal ${last.rssMb.temporal} MB, fds api ${last.fds.api} / worker ${last.fds.worker}`,
      );
    };
    sample();
    let nextSample = began + SAMPLE_S * 1000;
    // Open loop: task i starts at began + i / RATE, however the earlier ones fare.
    for (let index = 0; ; index++) {
      const due = began + (index * 1000) / RATE;
      if (due >= endsAt) break;
      while (performance.now() < due) {
        if (performance.now() >= nextSample) {
          sample();
          nextSample += SAMPLE_S * 1000;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(due, nextSample) - performance.now()));
      }
      if (inFlight >= MAX_IN_FLIGHT) behind++;
      else launch(index);
    }
    sample();
    console.error(`load over; waiting for the ${inFlight} tasks still in flight`);
    await Promise.all(running);
    sample();
    report(samples, { accepted, completed, failures, behind });
  } finally {
    await stopBenchStack({ clients: [http], children: [api, worker], server, dataDir });
  }
}

function report(samples: Sample[], totals: { accepted: number; completed: number; failures: string[]; behind: number }): void {
  const during = samples.filter((s) => s.atMinutes <= MINUTES + 0.01);
  const settled = during.filter((s) => s.atMinutes >= SETTLE_MINUTES);
  const perTenMinutes = (name: string) => slope(settled.map((s) => [s.atMinutes, s.rssMb[name] ?? NaN])) * 10;
  const windowP99 = (from: number, to: number) => Math.max(...during.filter((s) => s.atMinutes > from && s.atMinutes <= to && s.done > 0).map((s) => s.endToEndP99));
  const first = during[0]!;
  const last = during.at(-1)!;
  console.log(`\nSoak: ${RATE} tasks/s through the API for ${MINUTES} min (noop and a three-activity task, alternating), ${os.cpus().length} cores, Node ${process.version}\n`);
  console.log('| minute | tasks done | end-to-end p50 | p99 | in flight | API RSS | worker RSS | dev server RSS | API fds | worker fds |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const perMinute = Math.max(1, Math.round(60 / SAMPLE_S));
  for (let i = perMinute; i < during.length; i += perMinute) {
    const window = during.slice(i - perMinute + 1, i + 1);
    const s = during[i]!;
    const done = window.reduce((sum, w) => sum + w.done, 0);
    const p99 = Math.max(...window.filter((w) => w.done > 0).map((w) => w.endToEndP99));
    const p50 = percentile(window.filter((w) => w.done > 0).map((w) => w.endToEndP50), 50);
    console.log(`| ${s.atMinutes.toFixed(0)} | ${done} | ${p50.toFixed(0)} ms | ${p99.toFixed(0)} ms | ${s.inFlight} | ${s.rssMb.api} MB | ${s.rssMb.worker} MB | ${s.rssMb.temporal} MB | ${s.fds.api} | ${s.fds.worker} |`);
  }
  const summary = {
    rate: RATE,
    minutes: MINUTES,
    accepted: totals.accepted,
    completed: totals.completed,
    failed: totals.failures.length,
    skippedBehind: totals.behind,
    rssSlopeMbPer10Min: { api: perTenMinutes('api'), worker: perTenMinutes('worker'), temporal: perTenMinutes('temporal') },
    p99FirstFiveMinutesMs: windowP99(0, 5),
    p99LastFiveMinutesMs: windowP99(MINUTES - 5, MINUTES),
    fds: { api: [first.fds.api, last.fds.api], worker: [first.fds.worker, last.fds.worker] },
  };
  console.log(`\naccepted ${summary.accepted}, completed right ${summary.completed}, failed ${summary.failed}, not sent (over ${MAX_IN_FLIGHT} in flight) ${summary.skippedBehind}`);
  console.log(
    `RSS slope after minute ${SETTLE_MINUTES}: API ${summary.rssSlopeMbPer10Min.api.toFixed(1)}, worker ${summary.rssSlopeMbPer10Min.worker.toFixed(1)}, dev server ${summary.rssSlopeMbPer10Min.temporal.toFixed(1)} MB per 10 min`,
  );
  console.log(`end-to-end p99: first 5 min ${summary.p99FirstFiveMinutesMs.toFixed(0)} ms, last 5 min ${summary.p99LastFiveMinutesMs.toFixed(0)} ms`);
  console.log(`file descriptors, start → end: API ${summary.fds.api.join(' → ')}, worker ${summary.fds.worker.join(' → ')}`);
  for (const failure of totals.failures.slice(0, 10)) console.log(`failure: ${failure}`);
  mkdirSync(path.dirname(ARTIFACT), { recursive: true });
  writeFileSync(ARTIFACT, JSON.stringify({ summary, samples, failures: totals.failures }, null, 2));
  if (totals.failures.length > 0 || totals.completed !== totals.accepted) process.exitCode = 1;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
