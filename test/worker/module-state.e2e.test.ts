import { describe, expect, it } from 'vitest';
import type { Progress } from '../../src/contract/progress';
import { startTask } from '../../src/temporal/tasks/start-task';
import { progressOf, useSharedClient } from '../helpers/temporal';
import { until } from '../helpers/until';

/**
 * The worker's bundle preloads the SDK's workflow package and Conveyor's stateless contract
 * modules once for all executions (src/worker/workflow-sources.ts). Module state that belongs to
 * one workflow, such as the progress `setProgress` keeps, must stay per execution: this runs two
 * tasks side by side on the run's one worker process and reads each one's progress.
 */
describe('module state in the shared workflow bundle', () => {
  const shared = useSharedClient();

  it("keeps each task's progress its own when one worker runs two tasks at once", async () => {
    const start = (subject: string, onTimeout: 'approve' | 'reject') =>
      startTask(shared.client, shared.registry, { taskName: 'example_approval', params: { subject, timeout: 3600, on_timeout: onTimeout } }, { name: 'test', role: 'admin' });
    const first = await start('first subject', 'approve');
    const second = await start('second subject', 'reject');
    try {
      const awaitingReview = (progress: Progress | null) => progress?.stage === 'awaiting_review';
      const [firstProgress, secondProgress] = await Promise.all(
        [first, second].map((task) => until(() => progressOf(shared.client, task.handle), awaitingReview, { tries: 100, intervalMs: 100 })),
      );
      // One progress shared by both executions would show the last task's policy for both.
      expect(firstProgress).toMatchObject({ stage: 'awaiting_review', on_timeout: 'approve' });
      expect(secondProgress).toMatchObject({ stage: 'awaiting_review', on_timeout: 'reject' });
    } finally {
      await Promise.all([first.handle.cancel(), second.handle.cancel()]);
    }
  });
});
