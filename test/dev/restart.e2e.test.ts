import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ConveyorClient, type SubmittedTask } from '../../src/client';
import { exitOf, spawnCli, waitForOutput, type ProcessWithOutput } from '../helpers/cli';
import { devChildPids, killEachNewChild } from '../helpers/dev-children';
import { seedBundleCache } from '../helpers/examples-bundle';
import { freePort } from '../helpers/free-port';
import { portAnswers } from '../helpers/port-answers';
import { until } from '../helpers/until';
import { toolPath } from '../helpers/tools';

/** The one worker process the stack runs now (waiting for it while none does, e.g. during a restart's back-off). */
async function onlyWorker(dev: ProcessWithOutput): Promise<number> {
  const [pid] = await until(
    () => devChildPids(dev, 'worker'),
    (pids) => pids.length === 1,
    { tries: 300 },
  );
  return pid!;
}

/**
 * `conveyor dev` keeps serving through a crash of its worker process (which serves the API too):
 * it starts the process again. One stack (its own Temporal, ports and data folder) for the whole
 * file, in order: a worker killed, then a worker killed each time it starts, which ends the stack.
 */
describe('conveyor dev, when a child dies', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'conveyor-dev-restart-'));
  let dev: ProcessWithOutput;
  let client: ConveyorClient;
  let api: string;
  let ports: { temporal: number; api: number };

  beforeAll(async () => {
    seedBundleCache(dataDir);
    ports = { temporal: await freePort(), api: await freePort() };
    api = `http://127.0.0.1:${ports.api}`;
    dev = spawnCli(['dev'], {
      CONVEYOR_API_PORT: String(ports.api),
      CONVEYOR_DATA_DIR: dataDir,
      CONVEYOR_TEMPORAL_PORT: String(ports.temporal),
      CONVEYOR_TEMPORAL_UI_PORT: String(await freePort()),
      CONVEYOR_LOG_FORMAT: 'json',
      // The back-off's length is not what these tests check (restart-policy.test.ts does): a tenth of it.
      CONVEYOR_DEV_RESTART_BACKOFF_SCALE: '0.1',
      TEMPORAL_ADDRESS: '',
      // The pinned CLI, not a copy installed from PyPI into this fresh data folder: a first run's install is not what this file checks.
      TEMPORAL_CLI_PATH: toolPath('temporal'),
    });
    client = createClient({ url: api });
    await waitForOutput(dev, /Conveyor is ready/);
  }, 120_000);
  afterAll(async () => {
    if (dev?.exitCode === null) {
      dev.kill('SIGTERM');
      await exitOf(dev);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const submitLongRunning = (messages: string[]): Promise<SubmittedTask[]> =>
    Promise.all(messages.map((message) => client.submit('example_long_running', { duration: 4, message })));
  const expectCompleted = async (tasks: SubmittedTask[], messages: string[]): Promise<void> => {
    const results = await Promise.all(tasks.map((task) => task.result({ wait: '2m' })));
    expect(results).toEqual(messages.map((message) => expect.objectContaining({ message, requested_duration: 4 })));
  };

  it('kill -9 of the worker while tasks run: the stack stays up, says it restarts the worker, the API it serves answers again, and the new worker completes the tasks', async () => {
    const messages = ['one', 'two', 'three'];
    const tasks = await submitLongRunning(messages);
    await until(
      () => client.get(tasks[0]!.id),
      (task) => task.progress?.stage === 'working',
      { tries: 300 },
    );
    const killed = await onlyWorker(dev);
    process.kill(killed, 'SIGKILL');

    await waitForOutput(dev, /"msg":"worker exited unexpectedly \(SIGKILL, after serving \d+ s\); starting a new one in [\d.]+ s"/);
    const health = (): Promise<number> => fetch(`${api}/health`).then((response) => response.status, () => 0);
    await until(health, (status) => status === 200, { tries: 300 });
    await expectCompleted(tasks, messages);
    // The work in flight was cut off, and resumed from its last heartbeat by the new worker.
    expect(dev.output()).toMatch(new RegExp(`"task_id":"${tasks[0]!.id}".*"msg":"resuming long-running work from its last heartbeat"`));
    expect(await onlyWorker(dev)).not.toBe(killed);
    expect(dev.exitCode).toBeNull();
  }, 120_000);

  it('a worker that keeps dying right after its start: the stack gives up, says why, stops everything and exits 1', async () => {
    const killed = await killEachNewChild(dev, 'worker', () => false);
    // Five in a row: the kill of the test before counts as the first when the worker started
    // after it had served less than 10 s by now (RESTART_POLICY.steadyAfterMs).
    expect(killed).toBeGreaterThanOrEqual(4);
    expect(await exitOf(dev)).toBe(1);
    expect(dev.output()).toMatch(
      /"msg":"worker keeps exiting soon after it starts \(5 times in a row before serving 10 s; the last: SIGKILL, [^)]*\); not starting it again; stopping everything"/,
    );
    expect(dev.output()).toContain('"msg":"stopped"');
    expect(await portAnswers(ports.api)).toBe(false);
    expect(await portAnswers(ports.temporal)).toBe(false);
  }, 120_000);
});
