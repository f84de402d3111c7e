import path from 'node:path';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTask } from '../../src/temporal/tasks/start-task';
import { runCli } from '../helpers/cli';
import { EXAMPLES_CONFIG, examplesProject } from '../helpers/examples';
import { connectShared, sharedServerEnv } from '../helpers/temporal';
import { until } from '../helpers/until';

/** The examples with example_data_processing's workflow deliberately changed (a timer before its first activity). */
const CHANGED_CONFIG = path.join(__dirname, '..', 'fixtures', 'replay-check', 'conveyor.config.ts');
const TASK_NAME = 'example_data_processing';

interface ReplayCheckJson {
  replayed: number;
  diverged: { task_id: string; run_id: string; task_name: string; error: string }[];
  failed_to_fetch: unknown[];
  replayed_runs: { task_id: string; run_id: string; task_name: string }[];
}

/**
 * `conveyor replay-check` replays the shared server's recent runs against a config's workflow
 * bundle: the examples' own replay cleanly, and the same runs against a deliberately changed
 * workflow are reported with their task id and the command that diverged. The tasks run on the
 * shared worker's standard queues; the check sees every test's runs of the type, so it asserts on
 * this file's tasks only.
 */
describe('conveyor replay-check', () => {
  let client: Client;
  const runs: { taskId: string; runId: string }[] = [];
  const replayCheck = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['replay-check', ...args], { ...sharedServerEnv(), ...env });

  beforeAll(async () => {
    client = await connectShared();
    const registry = (await examplesProject()).registry;
    for (const params of [{ data_size: 20, chunk_size: 10, operation: 'sum' }, { data_size: 30, chunk_size: 10, operation: 'max' }]) {
      const started = await startTask(client, registry, { taskName: TASK_NAME, params }, { name: 'replay-check-test', role: 'admin' });
      runs.push({ taskId: started.taskId, runId: started.runId });
      await started.handle.result();
    }
    // Visibility is eventually consistent: wait until it lists both runs as ended.
    const ended = `WorkflowId IN (${runs.map((run) => `'${run.taskId}'`).join(', ')}) AND ExecutionStatus = 'Completed'`;
    await until(async () => (await client.workflow.count(ended)).count, (count) => count === runs.length);
  });

  afterAll(async () => {
    await client?.connection.close();
  });

  it('replays recent runs of a task type against the current workflow code, at most --sample of them, and exits 0', async () => {
    const args = ['--since', '1h', '--task-name', TASK_NAME, '--json', '--config', EXAMPLES_CONFIG];
    const [result, sampled] = await Promise.all([replayCheck(args), replayCheck([...args, '--sample', '1'])]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as ReplayCheckJson;
    expect(report.replayed_runs).toEqual(expect.arrayContaining(runs.map((run) => ({ task_id: run.taskId, run_id: run.runId, task_name: TASK_NAME }))));
    expect(report.replayed).toBe(report.replayed_runs.length);
    expect(report.diverged).toEqual([]);
    // --sample caps the runs replayed.
    expect(sampled.code).toBe(0);
    expect((JSON.parse(sampled.stdout) as ReplayCheckJson).replayed).toBe(1);
  });

  it('names each run a deliberately changed workflow diverges from, with the divergent command, and exits 1', async () => {
    const args = ['--since', '1h', '--task-name', TASK_NAME, '--config', CHANGED_CONFIG];
    const lines = await replayCheck(args);
    expect(lines.code, lines.stderr).toBe(1);
    // The changed workflow starts a timer where the recorded history scheduled an activity.
    const divergentCommand = 'Nondeterminism error: Timer machine does not handle this event: HistoryEvent\\(id: \\d+, ActivityTaskScheduled\\)';
    for (const run of runs) {
      expect(lines.stdout).toMatch(new RegExp(`^diverged: ${run.taskId} \\(run ${run.runId}, ${TASK_NAME}\\): \\[TMPRL1100\\] ${divergentCommand}$`, 'm'));
    }
    expect(lines.stdout).toMatch(/^\d+ replayed, [1-9]\d* diverged, \d+ failed to fetch/m);

    const json = await replayCheck([...args, '--json']);
    expect(json.code).toBe(1);
    // Only the report on stdout (the SDK's warnings of the failed replays go to the log, not here).
    const report = JSON.parse(json.stdout) as ReplayCheckJson;
    expect(report.diverged).toEqual(expect.arrayContaining(runs.map((run) => ({ task_id: run.taskId, run_id: run.runId, task_name: TASK_NAME, error: expect.stringMatching(new RegExp(divergentCommand)) }))));
  });

  it('says so and exits 0 when there is nothing to replay', async () => {
    const [lines, json] = await Promise.all([
      replayCheck(['--task-name', 'replay_check_unrun', '--config', CHANGED_CONFIG]),
      replayCheck(['--task-name', 'replay_check_unrun', '--config', CHANGED_CONFIG, '--json']),
    ]);
    expect([lines.code, json.code]).toEqual([0, 0]);
    expect(lines.stdout).toMatch(/^nothing to replay: no run of task replay_check_unrun is running or started or ended since \S+\n$/);
    expect(JSON.parse(json.stdout)).toMatchObject({ replayed: 0, diverged: [], failed_to_fetch: [] });
  });

  it('refuses bad options with exit code 2 before reaching Temporal', async () => {
    // A Temporal nobody listens on: reaching it would exit 1, not 2.
    const nowhere = { TEMPORAL_ADDRESS: '127.0.0.1:1' };
    const [since, sample, taskName] = await Promise.all([
      replayCheck(['--since', 'soon', '--config', EXAMPLES_CONFIG], nowhere),
      replayCheck(['--sample', '0', '--config', EXAMPLES_CONFIG], nowhere),
      replayCheck(['--task-name', 'no_such_task', '--config', EXAMPLES_CONFIG], nowhere),
    ]);
    expect([since.code, sample.code, taskName.code]).toEqual([2, 2, 2]);
    expect(since.stderr).toMatch(/--since.*must be a duration/);
    expect(sample.stderr).toMatch(/--sample.*must be a whole number of at least 1/);
    expect(taskName.stderr).toMatch(/unknown task "no_such_task"; known tasks: .*example_data_processing/);
  });
});
