import { describe, expect, it } from 'vitest';
import { answerOf, runsAtMs, withSubmit, type DebounceSubmit } from './debounce';

const submit = (n: number, maxWaitMs?: number): DebounceSubmit => ({
  spec: { workflowType: 'digest', taskQueue: 'q', args: [{ n }], workflowExecutionTimeout: '1 hour', retry: { maximumAttempts: 1 }, typedSearchAttributes: [] },
  taskIdPrefix: 'digest-debounce-0123',
  windowMs: 30_000,
  maxWaitMs,
  submitter: 'alice',
});

describe('a debounce window', () => {
  it('opens with the first submit, under the id it is given once', () => {
    const ids = ['digest-debounce-0123-a', 'digest-debounce-0123-b'];
    const opened = withSubmit(undefined, submit(1), 1_000, () => ids.shift() as string);
    const moved = withSubmit(opened, submit(2), 5_000, () => ids.shift() as string);

    expect(moved).toMatchObject({ taskId: 'digest-debounce-0123-a', firstSubmitMs: 1_000, lastSubmitMs: 5_000, submits: 2 });
    expect(moved.spec.args).toEqual([{ n: 2 }]);
  });

  it('runs a window after the last submit, but never later than maxWait after the first', () => {
    let window = withSubmit(undefined, submit(1, 60_000), 0, () => 'id');
    expect(runsAtMs(window)).toBe(30_000);
    window = withSubmit(window, submit(2, 60_000), 20_000, () => 'other');
    expect(runsAtMs(window)).toBe(50_000);
    window = withSubmit(window, submit(3, 60_000), 45_000, () => 'other');
    expect(runsAtMs(window)).toBe(60_000);
    expect(answerOf(window)).toEqual({ taskId: 'id', runsAt: new Date(60_000).toISOString(), submits: 3 });
  });

  it('keeps moving without maxWait', () => {
    const window = withSubmit(withSubmit(undefined, submit(1), 0, () => 'id'), submit(2), 90_000, () => 'other');
    expect(runsAtMs(window)).toBe(120_000);
  });
});
