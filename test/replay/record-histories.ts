/**
 * Records one history per example scenario into test/replay/histories/, for the replay test.
 * Run against a running stack (`npm start`, or TEMPORAL_ADDRESS):
 *   npm run record-histories                  (every scenario)
 *   npm run record-histories -- noop.json     (only the named files)
 * Re-record when a workflow changes on purpose, and keep the old files if running tasks
 * may still replay them (that is what the test guards).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { loadSettings } from '../../src/config';
import { decisionSignal } from '../../src/contract/decision';
import { progressQuery } from '../../src/contract/progress';
import { loadProject } from '../../src/project/load-project';
import type { TaskRegistry } from '../../src/tasks/registry';
import { connectClient } from '../../src/temporal/connect';
import { startTask } from '../../src/temporal/start-task';
import { temporalTarget } from '../../src/temporal/target';

interface Scenario {
  file: string;
  taskName: string;
  params: unknown;
  /** Sent once the workflow runs (it answers the progress query), as a reviewer would. */
  signal?: { name: string; payload: unknown };
  /** Started through Temporal directly (workflow type = task name, no search attributes), as another SDK would. */
  direct?: boolean;
}

const SCENARIOS: Scenario[] = [
  { file: 'long-running.json', taskName: 'example_long_running', params: { duration: 3, message: 'recorded' } },
  { file: 'data-processing.json', taskName: 'example_data_processing', params: { data_size: 50, chunk_size: 5, operation: 'avg' } },
  { file: 'error-handling-success.json', taskName: 'example_error_handling', params: { should_fail: false } },
  { file: 'error-handling-failure.json', taskName: 'example_error_handling', params: { should_fail: true, retry_count: 1, fail_at_step: 2 } },
  { file: 'noop.json', taskName: 'noop', params: {} },
  {
    file: 'approval-reviewer.json',
    taskName: 'example_approval',
    params: { subject: 'recorded', timeout: 600 },
    signal: { name: decisionSignal.name, payload: { approved: true, reviewer: 'recorder', comment: 'recorded' } },
  },
  { file: 'approval-timeout.json', taskName: 'example_approval', params: { subject: 'recorded', timeout: 1 } },
  { file: 'direct-start.json', taskName: 'example_data_processing', params: { data_size: 20, chunk_size: 10, operation: 'sum' }, direct: true },
  { file: 'step-sequence.json', taskName: 'example_step_sequence', params: { steps: 3, step_ms: 100 } },
];

/** The scenarios named on the command line (by file), or all of them. */
function chosenScenarios(names: string[]): typeof SCENARIOS {
  const unknown = names.filter((name) => !SCENARIOS.some((scenario) => scenario.file === name));
  if (unknown.length > 0) throw new Error(`no scenario ${unknown.join(', ')}; scenarios: ${SCENARIOS.map((s) => s.file).join(', ')}`);
  return names.length === 0 ? SCENARIOS : SCENARIOS.filter((scenario) => names.includes(scenario.file));
}

/** Waits until a worker has run the workflow's first task, so that a signal finds it waiting. */
async function untilRunning(handle: WorkflowHandle): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await handle.query(progressQuery).then(() => true, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${handle.workflowId} never answered the progress query; is a worker serving its queue?`);
}

async function start(client: Client, registry: TaskRegistry, scenario: Scenario): Promise<{ taskId: string; handle: WorkflowHandle }> {
  if (!scenario.direct) return startTask(client, registry, { ...scenario, submitter: 'record-histories' });
  const taskId = `${scenario.taskName}-direct-${randomUUID()}`;
  const handle = await client.workflow.start(scenario.taskName, { taskQueue: registry.get(scenario.taskName).queue, workflowId: taskId, args: [scenario.params] });
  return { taskId, handle };
}

async function main(): Promise<void> {
  const scenarios = chosenScenarios(process.argv.slice(2));
  const target = temporalTarget(loadSettings());
  const { registry } = await loadProject({ configFlag: path.join(__dirname, '..', '..', 'examples', 'conveyor.config.ts') });
  const client = await connectClient(target);
  try {
    for (const scenario of scenarios) {
      const started = await start(client, registry, scenario);
      if (scenario.signal) {
        await untilRunning(started.handle);
        await started.handle.signal(scenario.signal.name, scenario.signal.payload);
      }
      await started.handle.result().catch(() => undefined); // failures are histories too
      // The CLI writes the JSON form the SDK's replayer reads (historyFromJSON).
      const json = execFileSync(process.env.TEMPORAL_CLI_PATH ?? 'temporal', [
        'workflow', 'show', '--workflow-id', started.taskId, '--output', 'json', '--address', target.address, '--namespace', target.namespace,
      ]);
      writeFileSync(path.join(__dirname, 'histories', scenario.file), json);
      console.log(`recorded ${scenario.file}`);
    }
  } finally {
    await client.connection.close();
  }
}

void main();
