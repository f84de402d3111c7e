import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { QUEUE_ATTRIBUTE, SUBMITTER_ATTRIBUTE, TASK_NAME_ATTRIBUTE } from '../../src/contract/search-attributes';
import { until, useApi, type ApiBody, type TaskAnswer } from '../helpers/api-harness';
import { continuingTask, releaseSignal } from '../fixtures/continuing-workflow';
import { uniqueQueue } from '../helpers/temporal';

const ROUNDS = 2;

/** A task that continued as new is one task to the API: its latest run, one list row, one result. */
describe('Task API: a task that continued as new', () => {
  const harness = useApi();
  let worker: Worker;
  let running: Promise<void>;
  const queue = uniqueQueue('continue');
  const taskId = `continuing-${randomUUID()}`;
  let firstRunId: string;

  beforeAll(async () => {
    worker = await Worker.create({
      connection: await NativeConnection.connect({ address: inject('temporalAddress') }),
      taskQueue: queue,
      workflowsPath: path.join(__dirname, '..', 'fixtures', 'continuing-workflow.ts'),
      // Conveyor's bookkeeping (started, the progress query), as in every worker Conveyor runs.
      interceptors: { workflowModules: [path.join(__dirname, '..', '..', 'src', 'contract', 'interceptors.ts')] },
    });
    running = worker.run();
    const handle = await harness.client.workflow.start(continuingTask, {
      workflowId: taskId,
      taskQueue: queue,
      args: [0, ROUNDS],
      typedSearchAttributes: [
        { key: TASK_NAME_ATTRIBUTE, value: 'continuing' },
        { key: QUEUE_ATTRIBUTE, value: queue },
        { key: SUBMITTER_ATTRIBUTE, value: 'anonymous' },
      ],
    });
    firstRunId = handle.firstExecutionRunId;
  }, 120_000);

  afterAll(async () => {
    await harness.client.workflow.getHandle(taskId).terminate('test cleanup').catch(() => undefined);
    worker?.shutdown();
    await running;
  });

  it('GET /tasks/{id} reports the latest run, running, with its progress', async () => {
    const latest = await until(
      () => harness.api.call<TaskAnswer>('GET', `/tasks/${taskId}`),
      (answer) => answer.body.progress?.stage === `round ${ROUNDS}`,
    );
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({ task_id: taskId, task_name: 'continuing', status: 'running', queue, progress: { percent: 100 } });
    expect(latest.body.run_id).not.toBe(firstRunId);
    expect(latest.body.run_id).toBe((await harness.client.workflow.getHandle(taskId).describe()).runId);
  });

  it('GET /tasks lists it once, and the result is still to come (202)', async () => {
    const list = await until(
      () => harness.api.call<{ tasks: { task_id: string; status: string }[]; total: number } & ApiBody>('GET', `/tasks?queue=${queue}`),
      (answer) => answer.body.tasks.length > 0 && answer.body.tasks.every((task) => task.status === 'running'),
    );
    expect(list.body.tasks.map((task) => task.task_id)).toEqual([taskId]);
    expect(list.body.total).toBe(1);
    expect((await harness.api.call('GET', `/tasks/${taskId}/result`)).status).toBe(202);
  });

  it("GET /tasks/{id}/result?wait answers with the last run's result once it ends", async () => {
    await harness.client.workflow.getHandle(taskId).signal(releaseSignal);
    const answer = await harness.api.call<{ status: string; result: unknown }>('GET', `/tasks/${taskId}/result?wait=15s`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ task_id: taskId, status: 'completed', result: { round: ROUNDS } });
    const view = await harness.api.call<TaskAnswer>('GET', `/tasks/${taskId}`);
    expect(view.body).toMatchObject({ status: 'completed', result_available: true });
  });

  it('GET /tasks/{id}/history shows every run in order: each continue-as-new, then the last run to its end', async () => {
    const answer = await until(
      () => harness.api.call<{ entries: { kind: string; run_id: string; name: string | null }[]; truncated: boolean } & ApiBody>('GET', `/tasks/${taskId}/history`),
      (a) => a.body.entries?.at(-1)?.kind === 'task_completed',
    );
    const kinds = answer.body.entries.map((entry) => entry.kind);
    expect(kinds.filter((kind) => kind === 'continued_as_new')).toHaveLength(ROUNDS);
    expect(kinds.filter((kind) => kind === 'task_started')).toHaveLength(ROUNDS + 1);
    expect(answer.body.entries[0]).toMatchObject({ kind: 'task_started', run_id: firstRunId, name: 'continuingTask' });
    expect(kinds.at(-2)).toBe('signal_received');
    expect(answer.body.truncated).toBe(false);
  });
});
