import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../src/contract/progress';
import type { TaskRegistry } from '../../src/tasks/registry';
import { startTask } from '../../src/temporal/tasks/start-task';
import { examplesProject } from '../helpers/examples';
import { connectShared, progressOf } from '../helpers/temporal';
import { until } from '../helpers/until';

/**
 * The worker's bundle preloads the SDK's workflow package and Conveyor's stateless contract
 * modules once for all executions (src/worker/workflow-sources.ts). Module state that belongs to
 * one workflow, such as the progress `setProgress` keeps, must stay per execution: this runs two
 * tasks side by side on the run's one worker process and reads each one's progress.
 */
describe('module state in the shared workflow bundle', () => {
  let client: Client;
  let registry: TaskRegistry;

  beforeAll(async () => {
    client = await connectShared();
    registry = (await examplesProject()).registry;
  });
  afterAll(async () => {
    await client.connection.close();
  });

  it("keeps each task's progress its own when one worker runs two tasks at once", async () => {
    const start = (subject: string, onTimeout: 'approve' | 'reject') =>
      startTask(client, registry, { taskName: 'example_approval', params: { subject, timeout: 3600, on_timeout: onTimeout } }, { name: 'test', role: 'admin' });
    const first = await start('first subject', 'approve');
    const second = await start('second subject', 'reject');
    try {
      const awaitingReview = (progress: Progress | null) => progress?.stage === 'awaiting_review';
      const [firstProgress, secondProgress] = await Promise.all(
        [first, second].map((task) => until(() => progressOf(client, task.handle), awaitingReview, { tries: 100, intervalMs: 100 })),
      );
      // One progress shared by both executions would show the last task's policy for both.
      expect(firstProgress).toMatchObject({ stage: 'awaiting_review', on_timeout: 'approve' });
      expect(secondProgress).toMatchObject({ stage: 'awaiting_review', on_timeout: 'reject' });
    } finally {
      await Promise.all([first.handle.cancel(), second.handle.cancel()]);
    }
  });
});
