import { ApplicationFailure, ChildWorkflowFailure } from '@temporalio/client';
import { progressQuery } from 'conveyor/workflow';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StartedTask } from '../../src/temporal/tasks/start-task';
import { deferred } from '../../test/helpers/deferred';
import { failureOf, serveExamples, timeSkippingEnvironment } from '../../test/helpers/workflow-environment';
import { FailureType } from '../failure-types';
import type * as activities from './activities';
import type { OrchestrationResult } from './schema';

type Activities = typeof activities;

/** orchestration's children and their order, with the children's activities mocked. */
describe('orchestration workflow', () => {
  /** Every activity call, in the order the worker received them. */
  let calls: string[];
  /** What the mocked multiplyByTwo does in the current test (the arithmetic by default). */
  let multiplyByTwo: Activities['multiplyByTwo'];

  const examples = serveExamples(timeSkippingEnvironment, {
    addOne: async (value: number) => (calls.push(`addOne ${value}`), value + 1),
    multiplyByTwo: async (value: number) => (calls.push(`multiplyByTwo ${value}`), multiplyByTwo(value)),
    sumValues: async (values: number[]) => (calls.push(`sumValues ${values.join(',')}`), values.reduce((a, b) => a + b, 0)),
  } satisfies Activities);
  beforeEach(() => {
    calls = [];
    multiplyByTwo = async (value) => value * 2;
  });

  const start = (values: number[]): Promise<StartedTask> => examples.start('orchestration', { values });
  const resultOf = (task: StartedTask) => task.handle.result() as Promise<OrchestrationResult>;

  it('[1,2,3] gives 12: one child adds one, one per remaining value doubles it, one sums', async () => {
    const task = await start([1, 2, 3]);

    expect(await resultOf(task)).toEqual({ added_one: 2, doubled: [4, 6], sum: 12 });
    expect(calls[0]).toBe('addOne 1');
    expect(calls.slice(1, 3).sort()).toEqual(['multiplyByTwo 2', 'multiplyByTwo 3']);
    expect(calls[3]).toBe('sumValues 2,4,6');
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 100, stage: 'completed', message: '4 children finished' });
  });

  it('runs each step in a child workflow of its own type, with ids derived from the task id', async () => {
    const task = await start([1, 2, 3]);
    await resultOf(task);

    const children: [childId: string, type: string][] = [
      [`${task.taskId}-add-one`, 'orchestrationAddOne'],
      [`${task.taskId}-double-1`, 'orchestrationDouble'],
      [`${task.taskId}-double-2`, 'orchestrationDouble'],
      [`${task.taskId}-sum`, 'orchestrationSum'],
    ];
    for (const [childId, type] of children) {
      const description = await examples.env().client.workflow.getHandle(childId).describe();
      expect([description.type, description.status.name, description.parentExecution?.workflowId]).toEqual([type, 'COMPLETED', task.taskId]);
    }
  });

  it('doubles the remaining values in parallel, and its progress counts the finished children', async () => {
    const bothStarted = deferred();
    const release = deferred();
    let started = 0;
    multiplyByTwo = async (value) => {
      if (++started === 2) bothStarted.resolve();
      await release.promise;
      return value * 2;
    };
    const task = await start([1, 2, 3]);

    await bothStarted.promise; // both doubles run before either has answered
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 25, stage: 'children 1 of 4', message: 'doubling 2 value(s) in parallel' });
    release.resolve();
    expect((await resultOf(task)).sum).toBe(12);
  });

  it('a single value is added to and summed, with no doubling child', async () => {
    const task = await start([5]);

    expect(await resultOf(task)).toEqual({ added_one: 6, doubled: [], sum: 6 });
    expect(calls).toEqual(['addOne 5', 'sumValues 6']);
  });

  it("a child's failure fails the task, with the child's failure as its cause", async () => {
    multiplyByTwo = async () => {
      throw ApplicationFailure.nonRetryable('cannot double', 'DoublingRefused');
    };
    const task = await start([1, 2]);

    const failure = await failureOf(task);
    expect(failure).toBeInstanceOf(ChildWorkflowFailure);
    expect(failure.cause?.cause).toMatchObject({ type: 'DoublingRefused' });
    expect(calls.filter((call) => call.startsWith('sumValues'))).toEqual([]);
  });

  it('an empty list started around the schema fails at once with InvalidParameters, starting no child', async () => {
    const handle = await examples.env().client.workflow.start('orchestration', {
      taskQueue: examples.queue,
      workflowId: `orchestration-direct-${Date.now()}`,
      args: [{ values: [] }],
    });

    const failure = await failureOf({ handle, taskId: handle.workflowId });
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FailureType.InvalidParameters, nonRetryable: true });
    expect(calls).toEqual([]);
  });
});
