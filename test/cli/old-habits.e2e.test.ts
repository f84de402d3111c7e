import { beforeAll, describe, expect, it } from 'vitest';
import { until, useApi, type TaskAnswer } from '../helpers/api-harness';
import { exitOf, readyMessage, runCli, runCliLine, spawnCliLine } from '../helpers/cli';
import { sharedServerEnv } from '../helpers/temporal';

interface QueueStatus {
  queue: string;
  pollers: { identity: string }[];
}

/**
 * The previous task system's CLI, as its users typed it (its documentation's "CLI Commands",
 * with `conveyor` for its name): each line runs through a real shell against the running stack.
 */
describe('the previous task system’s CLI commands, typed as before', () => {
  const harness = useApi();
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    env = { ...sharedServerEnv(), CONVEYOR_API_URL: harness.api.base };
  });

  it('`conveyor worker start --queues=computor-tasks,computor-high-priority` serves those two queues', async () => {
    const worker = spawnCliLine('conveyor worker start --queues=computor-tasks,computor-high-priority', env);
    try {
      await readyMessage(worker);
      // Temporal sees this worker (its identity holds its pid) polling exactly the two queues.
      const queues = await until(
        async () => JSON.parse((await runCli(['worker', 'status', '--json'], env)).stdout) as QueueStatus[],
        (statuses) => ['computor-tasks', 'computor-high-priority'].every((queue) => polledBy(statuses, queue, worker.pid)),
      );
      expect(polledBy(queues, 'computor-long-running', worker.pid)).toBe(false);
    } finally {
      worker.kill('SIGTERM');
    }
    expect(await exitOf(worker)).toBe(0);
  });

  it('`conveyor worker status` lists each queue with the workers polling it', async () => {
    const { code, stdout } = await runCliLine('conveyor worker status', env);
    expect(code).toBe(0);
    // The run's shared worker serves every queue of the examples.
    for (const queue of ['computor-tasks', 'computor-high-priority', 'computor-long-running']) {
      expect(stdout).toMatch(new RegExp(`^${queue}: [1-9]\\d* worker\\(s\\)$`, 'm'));
    }
    expect(stdout).toMatch(/^ {2}\S+ {2}last access \d+s ago {2}\((workflow|activity)/m);
  });

  it('`conveyor worker test-job example_long_running --params=\'{"duration": 5}\' --wait` submits, follows and prints the result', async () => {
    const { code, stdout, stderr } = await runCliLine(`conveyor worker test-job example_long_running --params='{"duration": 5}' --wait`, env);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/^submitted example_long_running-\S+ to computor-long-running$/m);
    expect(stderr).toMatch(/running\s+\d+%\s+working/);
    expect(JSON.parse(stdout)).toMatchObject({ message: 'Processing...', requested_duration: 5 });
  });

  it('`worker test-job` is `submit` under the old name: its options, --priority included, and its refusals', async () => {
    const { code, stdout } = await runCliLine(`conveyor worker test-job example_data_processing --params='{"data_size": 10}' --priority=1 --json`, env);
    expect(code).toBe(0);
    const submitted = JSON.parse(stdout) as { task_id: string; priority: number };
    expect(submitted.priority).toBe(1);
    const task = await harness.api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(submitted.task_id)}`);
    expect(task.body).toMatchObject({ task_name: 'example_data_processing', priority: 1 });

    for (const priority of ['0', '6', '2.5', 'high']) {
      const refused = await runCliLine(`conveyor worker test-job example_data_processing --priority ${priority}`, env);
      expect(refused.code, priority).toBe(2);
      expect(refused.stderr, priority).toContain(`option '--priority <n>' argument '${priority}' is invalid. must be a whole number from 1 (runs first) to 5`);
    }
  });

  it('`conveyor worker --help` lists test-job as submit under the previous name', async () => {
    const { code, stdout } = await runCliLine('conveyor worker --help', env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}test-job \[options\] <task> +submit under the previous task system's name/m);
  });
});

/** True when the worker with process id `pid` polls `queue`. */
function polledBy(statuses: QueueStatus[], queue: string, pid: number | undefined): boolean {
  return statuses.some((status) => status.queue === queue && status.pollers.some((poller) => poller.identity.startsWith(`${pid}@`)));
}
