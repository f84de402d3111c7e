import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { FilterTooBroad } from '../store-errors';
import { hasActivityRetrying, retryingRunIds } from './retrying-tasks';

/** CONVEYOR_LIST_MAX_DESCRIBES in these tests. */
const MAX_DESCRIBES = 4;

type WorkflowService = Client['workflowService'];

/** A visibility and describe stand-in: `running` tasks match, each with its pending activities' attempts. */
function fakeService(count: number, running: { runId: string; attempts: number[] | 'deleted' }[]) {
  const described: string[] = [];
  const service = {
    countWorkflowExecutions: async () => ({ count }),
    listWorkflowExecutions: async () => ({ executions: running.map(({ runId }) => ({ execution: { workflowId: `task-${runId}`, runId } })) }),
    describeWorkflowExecution: async ({ execution }: { execution: { runId: string } }) => {
      described.push(execution.runId);
      const { attempts } = running.find((task) => task.runId === execution.runId)!;
      if (attempts === 'deleted') throw Object.assign(new Error('workflow not found'), { code: 5 });
      return { pendingActivities: attempts.map((attempt) => ({ attempt })) };
    },
  };
  return { service: service as unknown as WorkflowService, described };
}

describe('hasActivityRetrying', () => {
  it('is true once a pending activity is past its first attempt', () => {
    expect(hasActivityRetrying({ pendingActivities: [{ attempt: 1 }, { attempt: 2 }] })).toBe(true);
    expect(hasActivityRetrying({ pendingActivities: [{ attempt: 1 }] })).toBe(false);
    expect(hasActivityRetrying({ pendingActivities: [] })).toBe(false);
    expect(hasActivityRetrying({})).toBe(false);
  });
});

describe('retryingRunIds', () => {
  it('keeps the candidates with an activity on a retry, skipping one deleted since it was listed', async () => {
    const { service, described } = fakeService(4, [
      { runId: 'a', attempts: [1] },
      { runId: 'b', attempts: [3] },
      { runId: 'c', attempts: 'deleted' },
      { runId: 'd', attempts: [1, 2] },
    ]);

    expect(await retryingRunIds(service, 'default', 'q', MAX_DESCRIBES)).toEqual(['b', 'd']);
    expect(described.sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses, naming the bound and its setting, when more running tasks match than it may describe, and describes none', async () => {
    const { service, described } = fakeService(MAX_DESCRIBES + 1, [{ runId: 'a', attempts: [2] }]);

    const refusal = await retryingRunIds(service, 'default', 'q', MAX_DESCRIBES).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(FilterTooBroad);
    expect(refusal).toMatchObject({ runningTasks: MAX_DESCRIBES + 1, maxRunningTasks: MAX_DESCRIBES });
    expect((refusal as FilterTooBroad).message).toContain(`at most ${MAX_DESCRIBES} a request (CONVEYOR_LIST_MAX_DESCRIBES)`);
    expect(described).toEqual([]);
  });

  it('passes any other describe failure on', async () => {
    const { service } = fakeService(1, [{ runId: 'a', attempts: [1] }]);
    (service as unknown as { describeWorkflowExecution: () => Promise<never> }).describeWorkflowExecution = async () => {
      throw Object.assign(new Error('unavailable'), { code: 14 });
    };
    await expect(retryingRunIds(service, 'default', 'q', MAX_DESCRIBES)).rejects.toThrow('unavailable');
  });
});
