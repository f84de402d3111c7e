import { describe, expect, it } from 'vitest';
import { readTaskResult } from './task-result';

/**
 * A client whose long poll for the result only ends when the wait is over (the task runs on), and
 * a task that, as the describe after it finds, has just completed with `result`.
 */
function clientWhoseTaskEndsAsTheWaitEnds(result: unknown) {
  const handle = {
    workflowId: 'task-1',
    describe: async () => ({ status: { name: 'COMPLETED' }, typedSearchAttributes: { get: () => true }, raw: {} }),
    result: async () => result,
  };
  const client = {
    withAbortSignal: (signal: AbortSignal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('cancelled by the wait')))),
    workflow: { getHandle: () => handle },
  };
  return client as never;
}

/**
 * A client whose task runs on and whose long poll ends only when its signal aborts afterwards (as
 * Temporal's client cancels a call on the signal's abort event only); `onHandle` runs as the
 * task's handle is taken, just before the wait begins.
 */
function clientWhoseTaskRunsOn(onHandle: () => void) {
  const handle = {
    workflowId: 'task-1',
    describe: async () => ({ status: { name: 'RUNNING' }, typedSearchAttributes: { get: () => true }, raw: {} }),
    result: async () => undefined,
  };
  const client = {
    withAbortSignal: (signal: AbortSignal) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('cancelled by the wait')))),
    workflow: {
      getHandle: () => {
        onHandle();
        return handle;
      },
    },
  };
  return client as never;
}

describe('readTaskResult', () => {
  it('ends a wait at once with the status when the stop came just before the wait began', async () => {
    const stop = new AbortController();
    const tenMinutes = 600_000;
    const answer = await readTaskResult(clientWhoseTaskRunsOn(() => stop.abort()), 'task-1', { name: 'ops', role: 'admin' }, tenMinutes, stop.signal);
    expect(answer).toEqual({ taskId: 'task-1', outcome: { status: 'running' } });
  });

  it('answers the result of a task that ended just as the wait did, not its status alone', async () => {
    const answer = await readTaskResult(clientWhoseTaskEndsAsTheWaitEnds({ ok: true }), 'task-1', { name: 'ops', role: 'admin' }, 5);
    expect(answer).toEqual({ taskId: 'task-1', outcome: { status: 'completed', result: { ok: true } } });
  });
});
