import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskRegistry } from '../../src/tasks/registry';
import { startTask, type StartedTask, type TaskRequest } from '../../src/temporal/tasks/start-task';
import { dateOf } from '../../src/temporal/timestamp';
import { exitOf, readyMessage, runCli, spawnCli } from '../helpers/cli';
import { examplesProject } from '../helpers/examples';
import { connectShared, sharedServerEnv, startWorkerProcess, uniqueQueue } from '../helpers/temporal';

const EventType = temporal.api.enums.v1.EventType;

/** How long each task of the concurrency test works: long enough for six started together to overlap. */
const SLOW_SECONDS = 2;

/** Every file under `dir` (none when it does not exist). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => statSync(path.join(dir, file)).isFile());
}

/**
 * The most activities of these tasks that ran at the same moment, by Temporal's record: each
 * activity runs from its ActivityTaskStarted to its ActivityTaskCompleted event.
 */
async function mostActivitiesAtOnce(tasks: StartedTask[]): Promise<number> {
  const edges: { at: number; change: 1 | -1 }[] = [];
  for (const task of tasks) {
    for (const event of (await task.handle.fetchHistory()).events ?? []) {
      const at = dateOf(event.eventTime)!.getTime();
      if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) edges.push({ at, change: 1 });
      if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) edges.push({ at, change: -1 });
    }
  }
  // At the same millisecond, an activity that ended makes room before one that started takes it.
  edges.sort((a, b) => a.at - b.at || a.change - b.change);
  let running = 0;
  let most = 0;
  for (const edge of edges) {
    running += edge.change;
    most = Math.max(most, running);
  }
  return most;
}

/**
 * The worker as production images run it: a workflow bundle built beforehand by `conveyor worker
 * bundle` and named by CONVEYOR_WORKFLOW_BUNDLE, and `--concurrency` bounding the activities each
 * queue's worker runs at once. Real CLI processes against the run's shared dev server.
 */
describe('the production worker: a pre-built workflow bundle and --concurrency', () => {
  let client: Client;
  let registry: TaskRegistry;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'conveyor-bundle-production-'));
  /** Every task this file started: whichever has not ended when the file does is terminated. */
  const started: StartedTask[] = [];
  const start = async (request: TaskRequest): Promise<StartedTask> => {
    const task = await startTask(client, registry, request, { name: 'test', role: 'admin' });
    started.push(task);
    return task;
  };

  beforeAll(async () => {
    client = await connectShared();
    registry = (await examplesProject()).registry;
  });
  afterAll(async () => {
    await Promise.allSettled(started.map((task) => task.handle.terminate('test done'))); // those that ended refuse
    await client?.connection.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('`worker bundle --out` writes the bundle; a worker given it in CONVEYOR_WORKFLOW_BUNDLE runs tasks from it and builds no bundle of its own', async () => {
    const bundle = path.join(scratch, 'workflow-bundle.js');
    const built = await runCli(['worker', 'bundle', '--out', bundle], { CONVEYOR_LOG_LEVEL: 'warn' });
    expect(built.code, built.stderr).toBe(0);
    expect(statSync(bundle).size).toBeGreaterThan(0);

    // A data folder of its own, empty: a worker that built or cached a bundle would leave it there.
    const dataDir = path.join(scratch, 'prebuilt-data');
    const queue = uniqueQueue('prebuilt');
    const worker = await startWorkerProcess([queue], { CONVEYOR_WORKFLOW_BUNDLE: bundle, CONVEYOR_DATA_DIR: dataDir, CONVEYOR_LOG_LEVEL: 'info' });
    try {
      const [working, noop] = await Promise.all([
        start({ taskName: 'example_long_running', params: { duration: 1, message: 'from the pre-built bundle' }, queue }),
        start({ taskName: 'noop', params: {}, queue }),
      ]);
      await expect(working.handle.result()).resolves.toMatchObject({ message: 'from the pre-built bundle', requested_duration: 1 });
      await expect(noop.handle.result()).resolves.toEqual({ ok: true });
      // This worker ran them: its identity completed their workflow tasks.
      const identities = ((await working.handle.fetchHistory()).events ?? []).flatMap((event) => event.workflowTaskCompletedEventAttributes?.identity ?? []);
      expect(identities.length).toBeGreaterThan(0);
      for (const identity of identities) expect(identity).toContain(String(worker.pid));
    } finally {
      worker.kill('SIGTERM');
      expect(await worker.exited()).toBe(0);
    }
    expect(filesUnder(dataDir).filter((file) => path.basename(file).startsWith('workflow-bundle'))).toEqual([]);
    expect(worker.output()).not.toContain('bundled workflow code');
  }, 180_000);

  it('a worker whose CONVEYOR_WORKFLOW_BUNDLE names a missing file exits non-zero naming the setting and the file, and builds no bundle instead', async () => {
    const missing = path.join(scratch, 'no-such-bundle.js');
    const dataDir = path.join(scratch, 'missing-data');
    const worker = spawnCli(['worker', 'start', '--queues', uniqueQueue('missing-bundle')], {
      ...sharedServerEnv(),
      CONVEYOR_WORKFLOW_BUNDLE: missing,
      CONVEYOR_DATA_DIR: dataDir,
    });
    try {
      await expect(readyMessage(worker), 'the worker must not start serving').rejects.toThrow(/exited/);
      const code = await exitOf(worker);
      expect(typeof code === 'number' && code !== 0, `exit ${code}`).toBe(true);
      expect(worker.output()).toContain('CONVEYOR_WORKFLOW_BUNDLE');
      expect(worker.output()).toContain(missing);
      expect(filesUnder(dataDir).filter((file) => path.basename(file).startsWith('workflow-bundle'))).toEqual([]);
    } finally {
      if (worker.exitCode === null && worker.signalCode === null) {
        worker.kill('SIGTERM');
        await exitOf(worker);
      }
    }
  });

  it('--concurrency 2 runs at most two activities at once: six slow tasks all complete, two at a time, where a worker without it runs more at once', async () => {
    const bounded = uniqueQueue('concurrency-2');
    const worker = spawnCli(['worker', 'start', '--queues', bounded, '--concurrency', '2'], sharedServerEnv());
    try {
      await readyMessage(worker);
      // The same load on the bounded worker's queue and on the task's own queue, which the run's
      // shared worker serves without --concurrency (test/global-setup.ts).
      const sixSlowTasks = (queue?: string) =>
        Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            start({ taskName: 'example_long_running', params: { duration: SLOW_SECONDS, message: `task ${i}` }, queue }),
          ),
        );
      const [boundedTasks, unboundedTasks] = await Promise.all([sixSlowTasks(bounded), sixSlowTasks()]);
      const results = await Promise.all([...boundedTasks, ...unboundedTasks].map((task) => task.handle.result()));
      const six = Array.from({ length: 6 }, (_, i) => expect.objectContaining({ message: `task ${i}`, requested_duration: SLOW_SECONDS }));
      expect(results).toEqual([...six, ...six]);

      expect(await mostActivitiesAtOnce(boundedTasks)).toBe(2);
      expect(await mostActivitiesAtOnce(unboundedTasks)).toBeGreaterThan(2);
    } finally {
      worker.kill('SIGTERM');
      await exitOf(worker);
    }
  }, 120_000);
});
