/**
 * The load mode of bench/cluster-faults.ts (`-- --load`): the closed loop of bench/faults.ts, run
 * on the local multi-service cluster instead of a dev server. For Temporal's history service, then
 * its matching service: BENCH_TASKS (default 600) `example_step_sequence` tasks (3 steps of
 * BENCH_STEP_MS, default 100 ms) through the Task API, BENCH_IN_FLIGHT (default 16) at a time, each
 * submitted with an `Idempotency-Key` and sent again after an error; BENCH_KILL_LAG_MS (default 5)
 * after the submit a third of the way in was sent, the service is killed with SIGKILL (by the PID
 * cluster:up recorded) and `cluster:up` starts it again BENCH_DOWN_MS (default 5000) after the kill.
 * Baseline, in the same run and first: the same load with nothing killed (down 0 s, so its
 * "restart to last task done" counts from the point a third of the way in to the end). Each
 * scenario's tasks go to a queue of its own for this run, which the one worker serves, so
 * visibility counts exactly that scenario's executions. Exit code 1 if a task is missing,
 * duplicated or wrong, or the run outlives BENCH_MAX_MINUTES (default 20).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exitOf, readyMessage, spawnCli, type ProcessWithOutput } from '../test/helpers/cli';
import { freePort } from '../test/helpers/free-port';
import { until } from '../test/helpers/until';
import { cluster, clusterUp, killService, upArgs, type ClusterMode, type TemporalService } from './cluster-control';
import { isFailedRow, printScenarioTable, scenarioRow, type ScenarioRow } from './faults-row';
import { runScenario, type Fault, type ScenarioSettings } from './faults-scenario';
import { jsonClient } from './http-client';

const SETTINGS = {
  tasks: Number(process.env.BENCH_TASKS ?? 600),
  inFlight: Number(process.env.BENCH_IN_FLIGHT ?? 16),
  steps: 3,
  stepMs: Number(process.env.BENCH_STEP_MS ?? 100),
  downMs: Number(process.env.BENCH_DOWN_MS ?? 5000),
  killLagMs: Number(process.env.BENCH_KILL_LAG_MS ?? 5),
};
const MAX_MINUTES = Number(process.env.BENCH_MAX_MINUTES ?? 20);
/** The services the issue asks about: the one that owns workflow state, then the one that hands tasks to workers. */
const SERVICES: TemporalService[] = ['history', 'matching'];
type Scenario = TemporalService | 'none';
const SCENARIOS: Scenario[] = ['none', ...SERVICES];
const NOTHING_KILLED: Fault = { kill: () => Promise.resolve(), restart: () => Promise.resolve() };
/**
 * The cluster keeps its data from run to run, and visibility counts every execution a queue ever
 * had: each run's queues get a name of their own, so an earlier run's executions are not counted.
 */
const RUN = randomUUID().slice(0, 8);
const queueOf = (service: Scenario) => `bench-cluster-faults-${service}-${RUN}`;

/** Gone, or a zombie nobody has reaped yet (cluster.sh counts that as gone too). */
function isGone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] === 'Z';
  } catch {
    return true;
  }
}

/** SIGKILL of the service, as cluster-control's killService does; `cluster:up` starts only what is not running. */
function serviceFault(service: TemporalService, mode: ClusterMode): Fault {
  return {
    async kill() {
      const pid = killService(service);
      await until(async () => isGone(pid), Boolean, { tries: 200, intervalMs: 25 });
    },
    async restart() {
      await cluster(upArgs(mode));
    },
  };
}

/** Runs the load scenarios on the cluster in `mode`, prints their table; false if any lost, duplicated or got wrong a task. */
export async function runClusterLoadFaults(mode: ClusterMode): Promise<boolean> {
  const deadline = Date.now() + MAX_MINUTES * 60_000;
  const settings: ScenarioSettings = { ...SETTINGS, deadline };
  const address = /TEMPORAL_ADDRESS=(\S+)/.exec(await clusterUp(mode))?.[1];
  if (!address) throw new Error('cluster:up printed no TEMPORAL_ADDRESS');
  console.error(`cluster up on ${address} (${mode.route}, ${mode.visibility} visibility); worker on ${SCENARIOS.map(queueOf).join(', ')}`);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-cluster-load-'));
  const apiPort = await freePort();
  const env = {
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: 'default',
    CONVEYOR_DATA_DIR: dataDir,
    CONVEYOR_LOG_LEVEL: 'error',
    CONVEYOR_AUTH: 'none',
    CONVEYOR_API_PORT: String(apiPort),
    // The benchmark submits faster than the default per-caller limit (600 a minute).
    CONVEYOR_SUBMIT_RATE_LIMIT: '1000000',
  };
  const children: ProcessWithOutput[] = [];
  const start = async (args: string[]): Promise<void> => {
    const child = spawnCli(args, env);
    children.push(child);
    await readyMessage(child, 180_000);
  };
  const http = jsonClient(`http://127.0.0.1:${apiPort}`, SETTINGS.inFlight * 2);
  const rows: ScenarioRow<Scenario>[] = [];
  try {
    await start(['worker', 'start', '--queues', SCENARIOS.map(queueOf).join(',')]);
    await start(['api']);
    for (const scenario of SCENARIOS) {
      console.error(`${scenario}: ${SETTINGS.tasks} tasks, ${SETTINGS.inFlight} in flight; ${scenario === 'none' ? 'nothing killed' : `SIGKILL of ${scenario} ${SETTINGS.killLagMs} ms after the submit a third of the way in was sent`}`);
      const [fault, scenarioSettings] = scenario === 'none' ? [NOTHING_KILLED, { ...settings, downMs: 0 }] : [serviceFault(scenario, mode), settings];
      const run = await runScenario(`cluster-${scenario}`, queueOf(scenario), fault, http, scenarioSettings);
      const row = await scenarioRow(scenario, run, address, queueOf(scenario), scenarioSettings);
      rows.push(row);
      console.error(JSON.stringify(row));
    }
  } finally {
    http.close();
    for (const child of children) {
      child.kill('SIGTERM');
      await exitOf(child);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(
    `\nroute: ${mode.route}; visibility: ${mode.visibility}; ${SETTINGS.tasks} tasks of ${SETTINGS.steps} steps of ${SETTINGS.stepMs} ms per service, ${SETTINGS.inFlight} in flight; restart (cluster:up) ${SETTINGS.downMs} ms after the kill\n`,
  );
  printScenarioTable(rows, (scenario) => (scenario === 'none' ? 'nothing (baseline)' : `Temporal ${scenario}`));
  const failed = rows.filter(isFailedRow);
  for (const row of failed) console.error(`FAILED: ${row.scenario}: tasks missing, duplicated or wrong; wrong results: ${JSON.stringify(row.wrongSamples)}`);
  const overran = Date.now() > deadline;
  if (overran) console.error(`FAILED: the run took longer than BENCH_MAX_MINUTES (${MAX_MINUTES})`);
  return failed.length === 0 && !overran;
}
