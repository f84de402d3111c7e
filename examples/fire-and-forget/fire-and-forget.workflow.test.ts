import path from 'node:path';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { progressQuery } from 'conveyor/workflow';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../test/helpers/cli';
import { until } from '../../test/helpers/until';
import { serveExamples, timeSkippingEnvironment } from '../../test/helpers/workflow-environment';
import type { FireAndForgetChildResult, FireAndForgetResult } from './schema';

const HELD_PARENT_WORKFLOWS = path.join(ROOT, 'test', 'fixtures', 'held-fire-and-forget.ts');
/** Long enough to see the child still running after its parent ended, short enough for a test. */
const SECONDS = 3;

/**
 * fire_and_forget on Temporal's test server, in real time: its time skipping does not reliably
 * reach a timer of a child whose parent has closed (a second such wait in one file hung), and a
 * few seconds of child are all these tests need. `plain()` is a client that never skips time.
 */
describe('fire_and_forget workflow', () => {
  const examples = serveExamples(timeSkippingEnvironment, {}, { workflowsFile: HELD_PARENT_WORKFLOWS }); // no activities: the child runs a timer
  const plain = () => new Client({ connection: examples.env().connection });
  const childOf = (childId: string): WorkflowHandle => plain().workflow.getHandle(childId);
  const statusOf = async (id: string) => (await plain().workflow.getHandle(id).describe()).status.name;

  it('completes at once with child_id while its child runs on, abandoned, and then completes', async () => {
    const task = await examples.start('fire_and_forget', { seconds: SECONDS });

    const result = (await plain().workflow.getHandle(task.taskId).result()) as FireAndForgetResult;
    expect(result).toEqual({ child_id: `${task.taskId}-child` });
    expect(await statusOf(result.child_id)).toBe('RUNNING');
    expect(await plain().workflow.getHandle(result.child_id).query(progressQuery)).toEqual({ percent: 0, stage: 'running', message: `for ${SECONDS} s` });
    const initiated = ((await task.handle.fetchHistory()).events ?? []).flatMap((e) => e.startChildWorkflowExecutionInitiatedEventAttributes ?? []);
    expect(initiated.map((child) => [child.workflowType?.name, child.parentClosePolicy])).toEqual([
      ['fireAndForgetChild', temporal.api.enums.v1.ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON],
    ]);

    expect(await childOf(result.child_id).result()).toEqual({ seconds: SECONDS, parent_id: task.taskId } satisfies FireAndForgetChildResult);
  });

  /** A held parent whose child has started (its progress says so once startChild has returned). */
  async function heldParent(): Promise<{ parent: WorkflowHandle; childId: string }> {
    const parent = await plain().workflow.start('heldFireAndForget', {
      taskQueue: examples.queue,
      workflowId: `held-fire-and-forget-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      args: [{ seconds: SECONDS }],
    });
    await until(
      () => parent.query(progressQuery).catch(() => null),
      (progress) => progress?.stage === 'completed',
    );
    const childId = `${parent.workflowId}-child`;
    await childOnItsTimer(childId);
    return { parent, childId };
  }

  /** Waits until the child has run its first workflow task: it answers the progress query from its timer. */
  async function childOnItsTimer(childId: string): Promise<void> {
    await until(
      () => plain().workflow.getHandle(childId).query(progressQuery).catch(() => null),
      (progress) => progress?.stage === 'running',
    );
  }

  it('cancelling the parent leaves the child alone: no cancellation reaches it, and it completes', async () => {
    const { parent, childId } = await heldParent();

    await parent.cancel();
    await until(() => statusOf(parent.workflowId), (status) => status === 'CANCELLED');
    expect(await statusOf(childId)).toBe('RUNNING');
    const childEvents = (await plain().workflow.getHandle(childId).fetchHistory()).events ?? [];
    expect(childEvents.filter((e) => e.workflowExecutionCancelRequestedEventAttributes)).toEqual([]);

    expect(await childOf(childId).result()).toMatchObject({ seconds: SECONDS, parent_id: parent.workflowId });
    expect(await statusOf(childId)).toBe('COMPLETED');
  });

  it('terminating the parent leaves the child alone: it completes', async () => {
    const { parent, childId } = await heldParent();

    await parent.terminate('test: terminate the parent');
    expect(await statusOf(parent.workflowId)).toBe('TERMINATED');
    expect(await statusOf(childId)).toBe('RUNNING');

    expect(await childOf(childId).result()).toMatchObject({ seconds: SECONDS, parent_id: parent.workflowId });
    expect(await statusOf(childId)).toBe('COMPLETED');
  });
});
