import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { FastifyBaseLogger } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskChangeFeed, type TaskChange } from './task-change-feed';

/** A running task as visibility lists it (only what the feed's row reads). */
function running(id: string): WorkflowExecutionInfo {
  return { workflowId: id, taskQueue: 'q', status: { name: 'RUNNING' }, startTime: new Date(0), typedSearchAttributes: { get: () => undefined } } as unknown as WorkflowExecutionInfo;
}

/** A Temporal client whose visibility always lists these running tasks. */
function listing(ids: string[]): Client {
  return {
    workflow: {
      list: async function* () {
        for (const id of ids) yield running(id);
      },
    },
  } as unknown as Client;
}

const log = { info: () => undefined, warn: () => undefined } as unknown as FastifyBaseLogger;

describe('TaskChangeFeed resumes', () => {
  let feed: TaskChangeFeed | undefined;
  afterEach(() => feed?.close());

  it('from a position it still remembers with the changes after it, and from one it forgot or never gave with the current rows', async () => {
    // Five new tasks in the first read: five changes, of which the feed remembers the last three.
    feed = new TaskChangeFeed(listing(['t1', 't2', 't3', 't4', 't5']), log, 3);
    const seen: TaskChange[] = [];
    feed.subscribe((change) => seen.push(change));
    await expect.poll(() => seen.length).toBe(5);
    const position = seen.map((change) => change.id);
    expect(new Set(position).size).toBe(5);
    const ids = (changes: TaskChange[]) => changes.map((change) => change.row.task_id);

    const afterSecond = feed.subscribe(() => undefined, position[1]);
    expect(afterSecond.resumed).toBe(true);
    expect(ids(afterSecond.current)).toEqual(['t3', 't4', 't5']);
    expect(afterSecond.current.map((change) => change.id)).toEqual(position.slice(2));

    const afterLast = feed.subscribe(() => undefined, position[4]);
    expect(afterLast).toMatchObject({ resumed: true, current: [] });

    // Forgotten (the change after it is gone), or not this feed's: every current row, at the latest position.
    for (const after of [position[0], 'elsewhere-3', undefined]) {
      const fresh = feed.subscribe(() => undefined, after);
      expect(fresh.resumed, String(after)).toBe(false);
      expect(ids(fresh.current).sort()).toEqual(['t1', 't2', 't3', 't4', 't5']);
      expect(new Set(fresh.current.map((change) => change.id))).toEqual(new Set([position[4]]));
    }
  });
});
