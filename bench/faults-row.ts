import { Client, Connection } from '@temporalio/client';
import { checkScenario, type ScenarioCheck } from './faults-check';
import type { ScenarioRun, ScenarioSettings } from './faults-scenario';
import { executionsOn } from './faults-visibility';

/** One fault scenario's figures: what the clients saw, checked against what Temporal holds. */
export interface ScenarioRow<Scenario extends string = string> extends ScenarioCheck {
  scenario: Scenario;
  tasks: number;
  inFlightAtKill: number;
  downMs: number;
  restartToLastDoneMs: number;
  wallMs: number;
}

/** Reads the executions on the scenario's own `queue` from visibility and checks the run against them. */
export async function scenarioRow<Scenario extends string>(
  scenario: Scenario,
  run: ScenarioRun,
  temporalAddress: string,
  queue: string,
  settings: ScenarioSettings,
): Promise<ScenarioRow<Scenario>> {
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const executions = await executionsOn(new Client({ connection, namespace: 'default' }), queue, settings.tasks);
    return {
      scenario,
      tasks: settings.tasks,
      inFlightAtKill: run.inFlightAtKill,
      ...checkScenario(run.outcomes, executions, settings.steps),
      downMs: run.downMs,
      restartToLastDoneMs: run.restartToLastDoneMs,
      wallMs: run.wallMs,
    };
  } finally {
    await connection.close();
  }
}

/** A row that lost, duplicated or got wrong any task. */
export const isFailedRow = (row: ScenarioRow): boolean => row.missing > 0 || row.duplicated > 0 || row.wrong > 0 || row.completed !== row.tasks;

/** The Markdown table of bench/README.md's fault sections, one row per scenario named by `killed`. */
export function printScenarioTable<Scenario extends string>(rows: ScenarioRow<Scenario>[], killed: (scenario: Scenario) => string): void {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log('| killed (SIGKILL) | tasks | in flight at the kill | completed | duplicated | missing | wrong results | submit retries (keys retried, replayed) | activity re-executions | results answered without the result | down | restart to last task done | wall |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    console.log(
      `| ${killed(row.scenario)} | ${row.tasks} | ${row.inFlightAtKill} | ${row.completed} | ${row.duplicated} | ${row.missing} | ${row.wrong} | ${row.submitRetries} (${row.retriedKeys}, ${row.replayedKeys}) | ${row.activityReruns} | ${row.resultlessAnswers} | ${s(row.downMs)} | ${s(row.restartToLastDoneMs)} | ${s(row.wallMs)} |`,
    );
  }
}
