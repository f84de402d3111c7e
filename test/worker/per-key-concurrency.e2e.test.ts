import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { semaphoreWorkflowId } from '../../src/builtin/semaphore-id';
import { WAIT_REASON_MEMO } from '../../src/contract/flow-control';
import { SEMAPHORE_WORKFLOW_TYPE, slotRequestSignal, slotsQuery, type SemaphoreState } from '../../src/contract/slots';
import { loadProject, type Project } from '../../src/project/load-project';
import { startTask } from '../../src/temporal/tasks/start-task';
import { ROOT } from '../helpers/cli';
import { startSlotRecorder, type SlotRecorder } from '../helpers/slot-recorder';
import { connectShared, startWorkerProcess, uniqueQueue } from '../helpers/temporal';
import { until } from '../helpers/until';

const FIXTURE_CONFIG = path.join(__dirname, '..', 'fixtures', 'per-key', 'conveyor.config.ts');
const TASK = 'per_key_hold';
/** The fixture's `concurrency: { perKey: 2 }`. */
const LIMIT = 2;
/** Waits on Temporal and a worker on a shared 2-core machine: generous, and each ends as soon as its condition holds. */
const PATIENCE = { tries: 600, intervalMs: 100 };

type Worker = Awaited<ReturnType<typeof startWorkerProcess>>;

/**
 * Per-key concurrency end to end: real `conveyor worker` processes serving test/fixtures/per-key
 * (a task type with `concurrency: { perKey: 2 }` whose activity reports to a loopback recorder and
 * holds until the test lets it go), against the run's dev server.
 */
describe('per-key concurrency', () => {
  const queue = uniqueQueue('per-key');
  const tasks: WorkflowHandle[] = [];
  let client: Client;
  let recorder: SlotRecorder;
  let worker: Worker;
  let project: Project;
  const startWorker = () => startWorkerProcess([queue], { CONVEYOR_CONFIG: FIXTURE_CONFIG, PER_KEY_RECORDER_URL: recorder.url });

  beforeAll(async () => {
    project = await loadProject({ configFlag: FIXTURE_CONFIG, cwd: ROOT });
    client = await connectShared();
    recorder = await startSlotRecorder();
    worker = await startWorker();
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled(tasks.map((task) => task.terminate('per-key test cleanup')));
    worker?.kill('SIGTERM');
    await worker?.exited();
    await recorder?.close();
    await client?.connection.close();
  });

  /** Submits a task as the API does (start-task writes the memo: the task's key and its type's limit). */
  async function submit(label: string, key: string, runs = 1): Promise<WorkflowHandle & { firstExecutionRunId: string }> {
    const started = await startTask(client, project.registry, { taskName: TASK, params: { key, label, runs }, queue }, { name: 'per-key-test', role: 'admin' });
    tasks.push(started.handle);
    return Object.assign(started.handle, { firstExecutionRunId: started.runId });
  }

  const waitReason = async (task: WorkflowHandle) => ((await task.describe()).memo ?? {})[WAIT_REASON_MEMO];
  const untilWaiting = (task: WorkflowHandle) => until(() => waitReason(task), (reason) => reason === 'waiting_for_slot', PATIENCE);
  const untilStarted = (label: string, run = 1) => until(async () => recorder.startedRuns().has(`${label}/${run}`), Boolean, PATIENCE);
  /** How often the task changed its memo: set and removed its wait reason (2), or never (0). */
  const memoChanges = async (task: WorkflowHandle) =>
    ((await task.fetchHistory()).events ?? []).filter((event) => event.workflowPropertiesModifiedEventAttributes).length;
  const started = (label: string, run = 1) => recorder.startedRuns().has(`${label}/${run}`);

  it('runs at most 2 tasks of a key at once, the others waiting in submission order (waiting_for_slot); another key is not held back', async () => {
    const key = `a-${randomUUID()}`;
    const other = `b-${randomUUID()}`;
    // One after the other, so that the order they run in is the order they were submitted in (with free slots, either may start first).
    const a1 = await submit('a1', key);
    await untilStarted('a1');
    const a2 = await submit('a2', key);
    await untilStarted('a2');
    const b1 = await submit('b1', other);
    await untilStarted('b1');

    const waiting = [];
    for (const label of ['a3', 'a4', 'a5']) {
      const task = await submit(label, key);
      await untilWaiting(task);
      waiting.push(task);
    }
    expect(['a3', 'a4', 'a5'].filter((label) => started(label))).toEqual([]);

    recorder.letGo('a1');
    await untilStarted('a3');
    expect(await waitReason(waiting[0] as WorkflowHandle)).toBeUndefined();
    expect(['a4', 'a5'].filter((label) => started(label))).toEqual([]);
    recorder.letGo('a2');
    await untilStarted('a4');
    expect(started('a5')).toBe(false);
    recorder.letGo('a3');
    await untilStarted('a5');
    for (const label of ['a4', 'a5', 'b1']) recorder.letGo(label);

    const results = await Promise.all([a1, a2, b1, ...waiting].map((task) => task.result()));
    // Only a task that waited said so: a task that got its slot at once wrote no memo.
    expect(await Promise.all([a1, a2, b1, ...waiting].map(memoChanges))).toEqual([0, 0, 0, 2, 2, 2]);
    expect(results.map((result) => (result as { label: string }).label)).toEqual(['a1', 'a2', 'b1', 'a3', 'a4', 'a5']);
    expect(recorder.startOrder(key)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(recorder.maxRunning(key)).toBe(LIMIT);
    expect(recorder.maxRunning(other)).toBe(1);
    // Nobody holds or waits: the key's semaphore has completed.
    const semaphore = client.workflow.getHandle(semaphoreWorkflowId(TASK, key));
    await until(async () => (await semaphore.describe()).status.name, (status) => status === 'COMPLETED', PATIENCE);
  }, 180_000);

  it('keeps the slot of a task that continues as new', async () => {
    const key = `c-${randomUUID()}`;
    const c1 = await submit('c1', key, 2);
    const c2 = await submit('c2', key);
    await untilStarted('c1');
    await untilStarted('c2');
    const c3 = await submit('c3', key);
    await untilWaiting(c3);

    recorder.letGo('c1', 1);
    await untilStarted('c1', 2); // its next run got its slot back without waiting behind c3
    expect((await c1.describe()).runId).not.toBe(c1.firstExecutionRunId);
    expect(started('c3')).toBe(false);
    expect(await waitReason(c3)).toBe('waiting_for_slot');

    recorder.letGo('c1', 2);
    await untilStarted('c3');
    recorder.letGo('c2');
    recorder.letGo('c3');
    expect(await c1.result()).toEqual({ label: 'c1', runs: 2 });
    await Promise.all([c2.result(), c3.result()]);
    expect(recorder.maxRunning(key)).toBe(LIMIT);
  }, 180_000);

  it("frees a terminated holder's slot at the semaphore's next check, and carries holders and waiters across its continue-as-new", async () => {
    const key = `t-${randomUUID()}`;
    // The key's semaphore, started before its tasks with short intervals (the defaults are 60 s
    // and 2,000 events), holding a slot for a task that is already gone, as a terminated one would.
    const initial: SemaphoreState = { limit: LIMIT, holders: [], waiters: [], options: { continueAfterEvents: 40, holderCheckMs: 500 } };
    const semaphore = await client.workflow.signalWithStart(SEMAPHORE_WORKFLOW_TYPE, {
      workflowId: semaphoreWorkflowId(TASK, key),
      taskQueue: queue,
      args: [initial],
      signal: slotRequestSignal,
      signalArgs: [{ taskId: `gone-${randomUUID()}`, requestId: 'gone', submittedAt: 0, limit: LIMIT }],
    });
    const t1 = await submit('t1', key);
    const t2 = await submit('t2', key);
    await untilStarted('t1');
    await untilStarted('t2'); // the gone task's slot was freed
    const t3 = await submit('t3', key);
    await untilWaiting(t3);

    await t1.terminate('per-key test: a holder that never releases');
    await untilStarted('t3');
    const state = await semaphore.query(slotsQuery);
    expect(state.holders.map((holder) => holder.taskId).sort()).toEqual([t2.workflowId, t3.workflowId].sort());
    expect((await semaphore.describe()).runId).not.toBe(semaphore.signaledRunId); // it continued as new on the way

    recorder.letGo('t2');
    recorder.letGo('t3');
    await Promise.all([t2.result(), t3.result()]);
    await until(async () => (await semaphore.describe()).status.name, (status) => status === 'COMPLETED', PATIENCE);
  }, 180_000);

  it('loses no slot and no wake-up when the worker is killed (SIGKILL) while tasks wait', async () => {
    const key = `k-${randomUUID()}`;
    const labels = ['k1', 'k2', 'k3', 'k4', 'k5'];
    const handles = [];
    for (const label of labels) {
      const task = await submit(label, key);
      handles.push(task);
      if (handles.length <= LIMIT) await untilStarted(label);
      else await untilWaiting(task);
    }

    // k1 ends while no worker runs: its release, and k3's grant, wait in Temporal for the next worker.
    recorder.letGo('k1');
    worker.kill('SIGKILL');
    expect(await worker.exited()).toBe('SIGKILL');
    worker = await startWorker();

    await untilStarted('k3');
    expect(['k4', 'k5'].filter((label) => started(label))).toEqual([]);
    recorder.letGo('k2');
    await untilStarted('k4');
    recorder.letGo('k3');
    await untilStarted('k5');
    recorder.letGo('k4');
    recorder.letGo('k5');
    const results = await Promise.all(handles.map((task) => task.result()));
    expect(results.map((result) => (result as { label: string }).label)).toEqual(labels);
    expect(recorder.startOrder(key)).toEqual(labels);
    expect(recorder.maxRunning(key)).toBe(LIMIT);
  }, 240_000);
});
