/**
 * Live viewers benchmark: many Server-Sent Events streams on one API process. Ten
 * `example_approval` tasks wait for review while N viewers follow them: most on
 * GET /tasks/{id}/events (spread over the ten), a tenth on GET /tasks/events (the list feed).
 * Over a fixed window it counts the Temporal calls the API makes (a preload in the API process,
 * bench/temporal-call-counter.ts, wraps its Temporal client), and the API's CPU and RSS; then it
 * approves the ten tasks, 110 ms apart, and times, per viewer, from each task's close (Temporal's
 * closeTime) to the arrival of its terminal event. Baseline, in the same run: the same window with no viewer,
 * then the smallest N; the reading loops are shared, so the calls should not grow with N.
 * Run: npm run bench:live   (BENCH_VIEWERS, default 10,1000; BENCH_WINDOW_MS, default 20000)
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { createLogger } from '../src/log';
import { isTerminal, type TaskStatus } from '../src/tasks/status';
import { readyMessage, ROOT, spawnCli } from '../test/helpers/cli';
import { freePort } from '../test/helpers/free-port';
import { startScratchDevServer } from '../test/helpers/scratch-dev-server';
import { jsonClient, type JsonClient } from './http-client';
import { cpuSeconds } from './process-tree';
import { subscribe, type ServerSentEvent, type Subscriber } from './sse-subscriber';
import { CALL_COUNTS_MESSAGE, type CallCountsAnswer } from './temporal-call-counter';
import { stopBenchStack } from './stop-stack';

const VIEWER_COUNTS = (process.env.BENCH_VIEWERS ?? '10,1000').split(',').map(Number);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 20_000);
const TASKS = 10;
/** The share of viewers on the list feed; the rest follow single tasks. */
const FEED_SHARE = 0.1;
/** After the streams are open and before the window: the opening's own calls (a describe per stream) are over. */
const SETTLE_MS = 3000;
/** Streams opened at once: the API answers each after a describe, so a thousand at once would only queue. */
const OPEN_BATCH = 100;
/** Between one approval and the next: 1.1 s over the ten, past a whole cycle of the feed's loop. */
const APPROVAL_SPACING_MS = 110;
/** The examples' default queue, where `example_approval` runs. */
const QUEUE = 'computor-tasks';
const ARTIFACT = path.join(ROOT, 'test-artifacts', 'bench-live.json');
const TSX = require.resolve('tsx/cjs');
const PRELOAD = path.join(__dirname, 'temporal-call-counter.ts');

/** One viewer and what it saw: the terminal event of each task it follows, by task id. */
interface Viewer {
  kind: 'task' | 'feed';
  /** The task a task viewer follows; a feed viewer follows all of the phase's tasks. */
  taskId?: string;
  subscriber: Subscriber;
  firstEventAt?: number;
  terminalAt: Map<string, number>;
}

interface Latencies {
  count: number;
  missing: number;
  p50: number;
  p99: number;
  max: number;
}

interface PhaseResult {
  viewers: number;
  taskViewers: number;
  feedViewers: number;
  windowSeconds: number;
  temporalCallsPerSecond: number;
  temporalCallsByMethod: Record<string, number>;
  apiCpuSeconds: number;
  apiCpuPercent: number;
  apiRssMb: number;
  apiRssPeakMb: number;
  clientCpuPercent: number;
  taskStreamEnd?: Latencies;
  feedEnd?: Latencies;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-bench-live-'));
  const log = createLogger('bench', { level: 'warn', format: 'pretty' });
  const server = await startScratchDevServer(dataDir, log);
  const env = { TEMPORAL_ADDRESS: server.address, CONVEYOR_DATA_DIR: dataDir, CONVEYOR_LOG_LEVEL: 'warn' };
  const apiPort = await freePort();
  const most = Math.max(...VIEWER_COUNTS);
  const worker = spawnCli(['worker', 'start', '--queues', QUEUE], env);
  const api = spawnCli(['api'], {
    ...env,
    CONVEYOR_AUTH: 'none',
    CONVEYOR_API_PORT: String(apiPort),
    // Every viewer here is the same (anonymous) principal: both caps above the largest N.
    CONVEYOR_STREAMS_PER_PRINCIPAL: String(most + 100),
    CONVEYOR_STREAMS_MAX: String(most + 100),
    CONVEYOR_SUBMIT_RATE_LIMIT: '1000000',
    BENCH_COUNT_TEMPORAL_CALLS: '1',
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${TSX}`, `--require ${PRELOAD}`].filter(Boolean).join(' '),
  });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  const base = `http://127.0.0.1:${apiPort}`;
  const http = jsonClient(base, TASKS);
  try {
    await Promise.all([readyMessage(worker, 120_000), readyMessage(api, 60_000)]);
    const results: PhaseResult[] = [];
    // The baseline first: the same tasks and window with nobody watching.
    for (const viewers of [0, ...VIEWER_COUNTS]) {
      console.error(`phase: ${viewers} viewers`);
      results.push(await phase(viewers, { api, http, base, client }));
    }
    report(results);
    mkdirSync(path.dirname(ARTIFACT), { recursive: true });
    const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, loadAverage: os.loadavg() };
    writeFileSync(ARTIFACT, `${JSON.stringify({ date: new Date().toISOString(), machine, windowMs: WINDOW_MS, tasks: TASKS, results }, null, 2)}\n`);
    console.log(`\nwritten to ${path.relative(ROOT, ARTIFACT)}`);
  } finally {
    await stopBenchStack({ clients: [http, connection], children: [api, worker], server, dataDir });
  }
}

interface Stack {
  api: ChildProcess;
  http: JsonClient;
  base: string;
  client: Client;
}

/** Ten waiting tasks, `viewers` streams on them, the window, then the approvals and the end events. */
async function phase(viewers: number, stack: Stack): Promise<PhaseResult> {
  const taskIds = await startWaitingTasks(stack.http);
  const feedViewers = viewers === 0 ? 0 : Math.max(1, Math.round(viewers * FEED_SHARE));
  // At least one per task, so that the smallest N reads every task as the largest does.
  const taskViewers = viewers === 0 ? 0 : Math.max(TASKS, viewers - feedViewers);
  const followed = new Set(taskIds);
  const all: Viewer[] = [];
  const open = async (kind: Viewer['kind'], taskId?: string): Promise<void> => {
    const viewer: Viewer = { kind, ...(taskId ? { taskId } : {}), terminalAt: new Map(), subscriber: undefined as unknown as Subscriber };
    const onEvent = (event: ServerSentEvent): void => {
      viewer.firstEventAt ??= event.arrivedAt;
      const row = parse(event.data);
      const id = kind === 'task' ? taskId : row?.task_id;
      if (id && followed.has(id) && row?.status && isTerminal(row.status) && !viewer.terminalAt.has(id)) viewer.terminalAt.set(id, event.arrivedAt);
    };
    viewer.subscriber = subscribe(stack.base, kind === 'task' ? `/tasks/${encodeURIComponent(taskId!)}/events` : '/tasks/events', onEvent);
    all.push(viewer);
    await viewer.subscriber.opened;
  };
  const openings: Array<() => Promise<void>> = [
    ...Array.from({ length: taskViewers }, (_, i) => () => open('task', taskIds[i % TASKS])),
    ...Array.from({ length: feedViewers }, () => () => open('feed')),
  ];
  for (let i = 0; i < openings.length; i += OPEN_BATCH) await Promise.all(openings.slice(i, i + OPEN_BATCH).map((start) => start()));
  await waitFor(() => all.every((viewer) => viewer.kind === 'feed' || viewer.firstEventAt !== undefined), 60_000, 'every task stream has its first event');
  await sleep(SETTLE_MS);

  const apiPid = stack.api.pid!;
  const callsBefore = await callCounts(stack.api);
  const cpuBefore = cpuSeconds(apiPid);
  const clientBefore = ownCpuSeconds();
  const began = performance.now();
  let rssPeakKb = 0;
  while (performance.now() - began < WINDOW_MS) {
    rssPeakKb = Math.max(rssPeakKb, rssKb(apiPid));
    await sleep(1000);
  }
  const windowSeconds = (performance.now() - began) / 1000;
  const callsAfter = await callCounts(stack.api);
  const apiCpuSeconds = cpuSeconds(apiPid) - cpuBefore;
  const clientCpuSeconds = ownCpuSeconds() - clientBefore;
  const rssEndKb = rssKb(apiPid);
  const byMethod = Object.fromEntries(
    Object.entries(callsAfter)
      .map(([name, count]) => [name, count - (callsBefore[name] ?? 0)] as const)
      .filter(([, count]) => count > 0),
  );
  const calls = Object.values(byMethod).reduce((sum, count) => sum + count, 0);

  // One after another, spaced so that the ends fall at different points of the API's read loops
  // (500 ms per task, 1 s for the feed): ten ends at once would measure one point of their cycle.
  for (const id of taskIds) {
    await approve(stack.http, id);
    await sleep(APPROVAL_SPACING_MS);
  }
  const expected = (viewer: Viewer): number => (viewer.kind === 'task' ? 1 : TASKS);
  await waitFor(() => all.every((viewer) => viewer.terminalAt.size >= expected(viewer)), 30_000, 'every viewer has the end of its tasks').catch((error: unknown) =>
    console.error(String(error)),
  );
  const closedAt = new Map(await Promise.all(taskIds.map(async (id) => [id, await closeTime(stack.client, id)] as const)));
  for (const viewer of all) viewer.subscriber.close();

  const delays = (kind: Viewer['kind']): Latencies | undefined => {
    const mine = all.filter((viewer) => viewer.kind === kind);
    if (mine.length === 0) return undefined;
    const values: number[] = [];
    let missing = 0;
    for (const viewer of mine) {
      for (const id of viewer.taskId ? [viewer.taskId] : taskIds) {
        const arrived = viewer.terminalAt.get(id);
        if (arrived === undefined) missing++;
        else values.push(arrived - closedAt.get(id)!);
      }
    }
    return { count: values.length, missing, p50: percentile(values, 50), p99: percentile(values, 99), max: Math.max(...values) };
  };
  const taskStreamEnd = delays('task');
  const feedEnd = delays('feed');
  return {
    viewers: taskViewers + feedViewers,
    taskViewers,
    feedViewers,
    windowSeconds,
    temporalCallsPerSecond: calls / windowSeconds,
    temporalCallsByMethod: byMethod,
    apiCpuSeconds,
    apiCpuPercent: (apiCpuSeconds / windowSeconds) * 100,
    apiRssMb: rssEndKb / 1024,
    apiRssPeakMb: Math.max(rssPeakKb, rssEndKb) / 1024,
    clientCpuPercent: (clientCpuSeconds / windowSeconds) * 100,
    ...(taskStreamEnd ? { taskStreamEnd } : {}),
    ...(feedEnd ? { feedEnd } : {}),
  };
}

/** Starts the phase's ten approval tasks and waits until a worker runs each (it then waits for its review). */
async function startWaitingTasks(http: JsonClient): Promise<string[]> {
  const ids = await Promise.all(
    Array.from({ length: TASKS }, async (_, i) => {
      const answer = await http.request<{ task_id: string }>('POST', '/tasks', { task_name: 'example_approval', parameters: { subject: `bench live ${i}`, timeout: 600 } });
      if (answer.status !== 201) throw new Error(`submit answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body.task_id;
    }),
  );
  for (const id of ids) {
    await waitFor(async () => (await http.request<{ status: string }>('GET', `/tasks/${encodeURIComponent(id)}`)).body.status === 'running', 60_000, `task ${id} running`);
  }
  return ids;
}

async function approve(http: JsonClient, id: string): Promise<void> {
  const answer = await http.request('POST', `/tasks/${encodeURIComponent(id)}/review`, { decision: 'approve', comment: 'bench:live' });
  if (answer.status !== 200) throw new Error(`review of ${id} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

/** When Temporal closed the task (its clock; the same machine's as this process's). */
async function closeTime(client: Client, id: string): Promise<number> {
  const description = await client.workflow.getHandle(id).describe();
  if (!description.closeTime) throw new Error(`task ${id} has not closed`);
  return description.closeTime.getTime();
}

/** Calls the API process's Temporal client made so far, by method (from the preload). */
function callCounts(api: ChildProcess): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the API did not answer with its Temporal call counts (is the preload loaded?)')), 10_000);
    const listen = (message: Partial<CallCountsAnswer>): void => {
      if (message?.type !== CALL_COUNTS_MESSAGE || !message.counts) return;
      clearTimeout(timer);
      api.off('message', listen);
      resolve(message.counts);
    };
    api.on('message', listen);
    api.send({ type: CALL_COUNTS_MESSAGE });
  });
}

function parse(data: string): { task_id?: string; status?: TaskStatus } | undefined {
  try {
    return JSON.parse(data) as { task_id?: string; status?: TaskStatus };
  } catch {
    return undefined;
  }
}

function rssKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)/m);
  return line ? Number(line[1]) : NaN;
}

function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
};

function report(results: PhaseResult[]): void {
  const ms = (value: number | undefined): string => (value === undefined || Number.isNaN(value) ? '–' : `${Math.round(value)} ms`);
  const ends = (latencies: Latencies | undefined): string =>
    latencies ? `${ms(latencies.p50)} / ${ms(latencies.p99)} / ${ms(latencies.max)}${latencies.missing ? ` (${latencies.missing} missing)` : ''}` : '–';
  console.log(`\n${TASKS} tasks waiting for review, ${WINDOW_MS / 1000} s window (${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})\n`);
  console.log('| viewers (task streams + feed) | Temporal calls/s by the API | API CPU | API RSS (end / peak) | benchmark client CPU | terminal event after close, task streams p50 / p99 / max | the same, feed |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    console.log(
      `| ${r.viewers} (${r.taskViewers} + ${r.feedViewers}) | ${r.temporalCallsPerSecond.toFixed(1)} | ${r.apiCpuSeconds.toFixed(2)} s (${r.apiCpuPercent.toFixed(1)}%) | ${Math.round(r.apiRssMb)} / ${Math.round(r.apiRssPeakMb)} MB | ${r.clientCpuPercent.toFixed(1)}% | ${ends(r.taskStreamEnd)} | ${ends(r.feedEnd)} |`,
    );
  }
  console.log('\nTemporal calls by method over the window:');
  for (const r of results) console.log(`  ${r.viewers} viewers: ${JSON.stringify(r.temporalCallsByMethod)}`);
  const watched = results.filter((r) => r.viewers > 0);
  const fewest = watched[0];
  const most = watched.at(-1);
  if (fewest && most && fewest !== most) {
    const ratio = most.temporalCallsPerSecond / fewest.temporalCallsPerSecond;
    console.log(`\nTemporal calls/s, ${most.viewers} / ${fewest.viewers} viewers: ${ratio.toFixed(3)}x (target within 10%: ${Math.abs(ratio - 1) <= 0.1 ? 'met' : 'NOT met'})`);
  }
  for (const r of watched) {
    const worst = Math.max(r.taskStreamEnd?.p99 ?? NaN, r.feedEnd?.p99 ?? NaN);
    const missing = (r.taskStreamEnd?.missing ?? 0) + (r.feedEnd?.missing ?? 0);
    console.log(`terminal event p99 with ${r.viewers} viewers: ${ms(worst)} (target at most 1 s: ${worst <= 1000 && missing === 0 ? 'met' : 'NOT met'})`);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
