/**
 * Faults under load on the local stack (a scratch Temporal dev server, one `conveyor worker start`,
 * one `conveyor api`): BENCH_TASKS (default 2000) `example_step_sequence` tasks (3 steps of
 * BENCH_STEP_MS, default 100 ms) through the Task API, BENCH_IN_FLIGHT (default 16) at a time in a
 * closed loop, each submitted with an `Idempotency-Key` and sent again with the same key after an
 * error. BENCH_KILL_LAG_MS (default 5) after the submit of the task a third of the way in was sent,
 * one process is killed with SIGKILL and started again BENCH_DOWN_MS (default 3000) after the kill,
 * on the same port and data folder:
 *   api     the Task API: every key must be exactly one task, none lost;
 *   worker  the worker: every task completes, its activities retried, each step once in its result;
 *   server  the dev server (a crash): the API and the worker reconnect, every task completes.
 * Each scenario's tasks go to a queue of its own, so Temporal's visibility counts exactly its
 * executions. Exit code 1 if a task is missing, duplicated or wrong, or the run outlives
 * BENCH_MAX_MINUTES (default 20). Figures also go to test-artifacts/bench-faults.json.
 * Run: npm run bench:faults [-- --only api|worker|server]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../src/log';
import { ROOT } from '../test/helpers/cli';
import { isFailedRow, printScenarioTable, scenarioRow, type ScenarioRow } from './faults-row';
import { runScenario, type ScenarioSettings } from './faults-scenario';
import { startFaultStack, type FaultStack, type StackPart } from './faults-stack';
import { jsonClient } from './http-client';

const SETTINGS = {
  tasks: Number(process.env.BENCH_TASKS ?? 2000),
  inFlight: Number(process.env.BENCH_IN_FLIGHT ?? 16),
  steps: 3,
  stepMs: Number(process.env.BENCH_STEP_MS ?? 100),
  downMs: Number(process.env.BENCH_DOWN_MS ?? 3000),
  killLagMs: Number(process.env.BENCH_KILL_LAG_MS ?? 5),
};
const MAX_MINUTES = Number(process.env.BENCH_MAX_MINUTES ?? 20);
const ARTIFACT = path.join(ROOT, 'test-artifacts', 'bench-faults.json');
const SCENARIOS: Record<StackPart, string> = { api: 'Task API', worker: 'worker', server: 'Temporal dev server' };
/** After the deadline the clients stop; if the run is still stuck this much later, it is ended by force. */
const FORCED_END_MS = 2 * 60_000;

function scenariosAsked(argv: string[]): StackPart[] {
  const index = argv.indexOf('--only');
  if (index === -1) return ['api', 'worker', 'server'];
  const only = argv[index + 1];
  if (only !== 'api' && only !== 'worker' && only !== 'server') throw new Error(`--only takes api, worker or server, not ${only}`);
  return [only];
}

async function main(): Promise<void> {
  const scenarios = scenariosAsked(process.argv.slice(2));
  const deadline = Date.now() + MAX_MINUTES * 60_000;
  const settings: ScenarioSettings = { ...SETTINGS, deadline };
  const queueOf = (part: StackPart) => `bench-faults-${part}`;
  const log = createLogger('bench', { level: 'warn', format: 'pretty' });
  console.error(`starting the stack (dev server, worker on ${scenarios.map(queueOf).join(', ')}, API)`);
  const stack = await startFaultStack(scenarios.map(queueOf), log);
  const forcedEnd = forceEndAfter(deadline + FORCED_END_MS - Date.now(), stack);
  const http = jsonClient(stack.apiBase, SETTINGS.inFlight * 2);
  const rows: ScenarioRow<StackPart>[] = [];
  try {
    for (const part of scenarios) {
      console.error(`${part}: ${SETTINGS.tasks} tasks, ${SETTINGS.inFlight} in flight; SIGKILL of the ${SCENARIOS[part]} ${SETTINGS.killLagMs} ms after the submit a third of the way in was sent`);
      const fault = { kill: () => stack.kill(part), restart: () => stack.restart(part) };
      const run = await runScenario(part, queueOf(part), fault, http, settings);
      const row = await scenarioRow(part, run, stack.temporalAddress, queueOf(part), settings);
      rows.push(row);
      console.error(JSON.stringify(row));
    }
  } finally {
    http.close();
    await stack.close();
    clearTimeout(forcedEnd);
  }
  printTable(rows);
  const overran = Date.now() > deadline;
  writeArtifact(rows, overran);
  const failed = rows.filter(isFailedRow);
  for (const row of failed) console.error(`FAILED: ${row.scenario}: tasks missing, duplicated or wrong; wrong results: ${JSON.stringify(row.wrongSamples)}`);
  if (overran) console.error(`FAILED: the run took longer than BENCH_MAX_MINUTES (${MAX_MINUTES})`);
  if (failed.length > 0 || overran) process.exitCode = 1;
}

/** A run stuck past its deadline (a child that never gets ready) stops its processes and exits 1. */
function forceEndAfter(ms: number, stack: FaultStack): NodeJS.Timeout {
  const timer = setTimeout(() => {
    console.error(`FAILED: still running ${FORCED_END_MS / 60_000} min after the deadline (BENCH_MAX_MINUTES=${MAX_MINUTES}); stopping`);
    void stack.close().finally(() => process.exit(1));
  }, ms);
  timer.unref();
  return timer;
}

function printTable(rows: ScenarioRow<StackPart>[]): void {
  console.log(`\n${SETTINGS.tasks} tasks of ${SETTINGS.steps} steps of ${SETTINGS.stepMs} ms per scenario, ${SETTINGS.inFlight} in flight; restart ${SETTINGS.downMs} ms after the kill\n`);
  printScenarioTable(rows, (part) => SCENARIOS[part]);
}

function writeArtifact(rows: ScenarioRow<StackPart>[], overran: boolean): void {
  const machine = { cores: os.cpus().length, node: process.version, loadAverage: os.loadavg() };
  mkdirSync(path.dirname(ARTIFACT), { recursive: true });
  writeFileSync(ARTIFACT, `${JSON.stringify({ date: new Date().toISOString(), machine, settings: { ...SETTINGS, maxMinutes: MAX_MINUTES }, overran, rows }, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(ROOT, ARTIFACT)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
