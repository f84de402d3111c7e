import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ApplicationFailure, WorkflowFailedError, type Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { NON_FINITE_RESULT } from '../../src/contract/finite-result';
import { returnsNumber } from '../fixtures/non-finite-workflow';
import { connectShared, uniqueQueue } from '../helpers/temporal';

/**
 * Temporal's JSON payload converter turns NaN and ±Infinity into null; Conveyor's workflow
 * interceptor fails such a result instead of letting the task complete with it.
 */
describe('a workflow result holding a number JSON cannot carry', () => {
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  const queue = uniqueQueue('non-finite');

  beforeAll(async () => {
    client = await connectShared();
    worker = await Worker.create({
      connection: await NativeConnection.connect({ address: inject('temporalAddress') }),
      taskQueue: queue,
      workflowsPath: path.join(__dirname, '..', 'fixtures', 'non-finite-workflow.ts'),
      interceptors: { workflowModules: [path.join(__dirname, '..', '..', 'src', 'contract', 'interceptors.ts')] },
    });
    running = worker.run();
  }, 120_000);
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await client?.connection.close();
  });

  const run = (value: Parameters<typeof returnsNumber>[0]) =>
    client.workflow.execute(returnsNumber, { taskQueue: queue, workflowId: `non-finite-${randomUUID()}`, args: [value] });

  it.each(['NaN', 'Infinity'] as const)('fails the workflow with a non-retryable NonFiniteResult naming where %s sits', async (value) => {
    const outcome = await run(value).then(
      (result) => new Error(`completed with ${JSON.stringify(result)}`),
      (error: unknown) => error,
    );

    expect(outcome).toBeInstanceOf(WorkflowFailedError);
    const cause = (outcome as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: NON_FINITE_RESULT, nonRetryable: true });
    expect(cause?.message).toContain('result.totals[1] is not a finite number');
  });

  it('completes a result whose numbers are all finite, the largest a double holds included', async () => {
    expect(await run(Number.MAX_VALUE)).toEqual({ label: 'totals', totals: [1, Number.MAX_VALUE] });
  });
});
