/**
 * Fault runs on the local multi-service cluster (deploy/cluster): tasks in flight through the Task
 * API while one process at a time is killed with SIGKILL and restarted 5 s later: Temporal's
 * history, matching and frontend services (restarted by `cluster:up`, which starts only what is
 * not running), then Conveyor's worker. Checks that every task completes, that no task ran twice
 * (one workflow execution per task id, each step once in its result), and counts the activity
 * re-executions (attempts beyond the first: Temporal runs activities at least once).
 *
 * Run: npm run bench:cluster-faults                  (services straight on PostgreSQL)
 *      npm run bench:cluster-faults -- --pgbouncer   (through PgBouncer)
 *      npm run bench:cluster-faults -- --elasticsearch   (Elasticsearch visibility; with either route)
 *      npm run bench:cluster-faults -- --load        (under load: history, then matching; see cluster-faults-load.ts)
 * Brings the cluster up in that mode (a cluster in another mode is stopped first, its data
 * kept) and leaves it running. BENCH_TASKS (default 30) tasks of BENCH_STEPS (10) activities of
 * BENCH_STEP_MS (500) ms each per fault; the kill comes BENCH_KILL_AFTER_MS (2000) after the
 * submits, the restart BENCH_DOWN_MS (5000) after the kill.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { readyMessage, spawnCli, type ProcessWithOutput } from '../test/helpers/cli';
import { freePort } from '../test/helpers/free-port';
import { cluster, clusterUp, killService, modeOf, upArgs, type ClusterMode, type TemporalService } from './cluster-control';
import { runClusterLoadFaults } from './cluster-faults-load';
import { jsonClient, type JsonClient } from './http-client';

const TASKS = Number(process.env.BENCH_TASKS ?? 30);
const STEPS = Number(process.env.BENCH_STEPS ?? 10);
const STEP_MS = Number(process.env.BENCH_STEP_MS ?? 500);
const KILL_AFTER_MS = Number(process.env.BENCH_KILL_AFTER_MS ?? 2000);
const DOWN_MS = Number(process.env.BENCH_DOWN_MS ?? 5000);
/** However long a fault takes to heal, a task that has not completed by then is reported as lost. */
const GIVE_UP_MS = 10 * 60_000;
const QUEUE = 'computor-tasks';
const FAULTS: (TemporalService | 'conveyor worker')[] = ['history', 'matching', 'frontend', 'conveyor worker'];

interface StepResult {
  step: number;
  attempt: number;
}

interface FaultRow {
  fault: string;
  inFlightAtKill: number;
  completed: number;
  duplicated: number;
  reruns: number;
  restartMs: number;
  /** From the restart to the last task's completion. */
  healedMs: number;
}

async function main(): Promise<void> {
  const mode = modeOf(process.argv);
  if (process.argv.includes('--load')) {
    if (!(await runClusterLoadFaults(mode))) process.exitCode = 1;
    return;
  }
  const address = /TEMPORAL_ADDRESS=(\S+)/.exec(await clusterUp(mode))?.[1];
  if (!address) throw new Error('cluster:up printed no TEMPORAL_ADDRESS');
  console.log(`cluster up on ${address} (${mode.route}, ${mode.visibility} visibility); ${FAULTS.length} faults, ${TASKS} tasks of ${STEPS} steps of ${STEP_MS} ms each`);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-faults-'));
  const apiPort = await freePort();
  const env = { TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: 'default', CONVEYOR_DATA_DIR: dataDir, CONVEYOR_LOG_LEVEL: 'error', CONVEYOR_API_PORT: String(apiPort) };
  let worker = await startProcess(['worker', 'start', '--queues', QUEUE], env);
  const api = await startProcess(['api'], env);
  const http = jsonClient(`http://127.0.0.1:${apiPort}`, 64);
  const temporal = new Client({ connection: await Connection.connect({ address }), namespace: 'default' });
  const rows: FaultRow[] = [];
  try {
    for (const fault of FAULTS) {
      const taskIds = await Promise.all(Array.from({ length: TASKS }, () => submit(http)));
      await sleep(KILL_AFTER_MS);
      const inFlightAtKill = (await Promise.all(taskIds.map((id) => statusOf(http, id)))).filter((status) => status !== 'completed').length;
      if (fault === 'conveyor worker') worker.kill('SIGKILL');
      else killService(fault);
      await sleep(DOWN_MS);
      const restartBegan = performance.now();
      if (fault === 'conveyor worker') worker = await startProcess(['worker', 'start', '--queues', QUEUE], env);
      else await cluster(upArgs(mode));
      const restarted = performance.now();
      const results = await Promise.all(taskIds.map((id) => resultOf(http, id)));
      const healedMs = performance.now() - restarted;
      const executions = await Promise.all(taskIds.map((id) => temporal.workflow.count(`WorkflowId = '${id}'`)));
      const row: FaultRow = {
        fault,
        inFlightAtKill,
        completed: results.filter((steps) => steps !== undefined && isEachStepOnce(steps)).length,
        duplicated: executions.filter((count) => count.count !== 1).length,
        reruns: results.reduce((total, steps) => total + (steps ?? []).reduce((sum, s) => sum + s.attempt - 1, 0), 0),
        restartMs: restarted - restartBegan,
        healedMs,
      };
      rows.push(row);
      console.log(JSON.stringify(row));
    }
  } finally {
    http.close();
    await temporal.connection.close();
    worker.kill('SIGTERM');
    api.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
  printTable(mode, rows);
  const failed = rows.filter((row) => row.completed !== TASKS || row.duplicated !== 0);
  if (failed.length > 0) {
    console.error(`FAILED: ${failed.map((row) => row.fault).join(', ')} left tasks incomplete or duplicated`);
    process.exit(1);
  }
}

async function startProcess(args: string[], env: NodeJS.ProcessEnv): Promise<ProcessWithOutput> {
  const child = spawnCli(args, env);
  await readyMessage(child, 120_000);
  return child;
}

async function submit(http: JsonClient): Promise<string> {
  const answer = await http.request<{ task_id: string }>('POST', '/tasks', {
    task_name: 'example_step_sequence',
    parameters: { steps: STEPS, step_ms: STEP_MS },
    queue: QUEUE,
  });
  if (answer.status !== 201) throw new Error(`submit answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.task_id;
}

async function statusOf(http: JsonClient, id: string): Promise<string> {
  const answer = await http.request<{ status: string }>('GET', `/tasks/${encodeURIComponent(id)}`).catch(() => undefined);
  return answer?.body.status ?? 'unknown';
}

/**
 * The task's step results once it completes; undefined when it failed or did not complete in
 * time. While a service is down the API answers 503 (or not at all): those are asked again.
 */
async function resultOf(http: JsonClient, id: string): Promise<StepResult[] | undefined> {
  const deadline = Date.now() + GIVE_UP_MS;
  while (Date.now() < deadline) {
    const answer = await http
      .request<{ status: string; result?: { steps: StepResult[] } }>('GET', `/tasks/${encodeURIComponent(id)}/result?wait=20s`)
      .catch(() => undefined);
    if (answer?.status === 200) return answer.body.status === 'completed' ? answer.body.result?.steps : undefined;
    if (answer === undefined || answer.status >= 500) await sleep(500);
  }
  return undefined;
}

/** Steps 1..STEPS, each exactly once, in order. */
function isEachStepOnce(steps: StepResult[]): boolean {
  return steps.length === STEPS && steps.every((s, index) => s.step === index + 1);
}

function printTable(mode: ClusterMode, rows: FaultRow[]): void {
  console.log(`\nroute: ${mode.route}; visibility: ${mode.visibility}; ${TASKS} tasks x ${STEPS} activities of ${STEP_MS} ms per fault; kill ${KILL_AFTER_MS} ms after submitting, restart ${DOWN_MS} ms after the kill\n`);
  console.log('| killed (SIGKILL) | tasks in flight at the kill | completed | duplicated | activity re-executions | restart took | last task done after restart |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    console.log(
      `| ${row.fault} | ${row.inFlightAtKill} of ${TASKS} | ${row.completed} | ${row.duplicated} | ${row.reruns} | ${(row.restartMs / 1000).toFixed(1)} s | ${(row.healedMs / 1000).toFixed(1)} s |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
