import { describe, expect, it } from 'vitest';
import { debounceMs, debounceWindowId, debounceWindowOf } from './debounce-task';

describe('debounce window ids', () => {
  const uuid = '9b2f6a4e-3c1d-4e8f-a0b1-2c3d4e5f6a7b';

  it('derives one window per task type, submitter and key, hashing the key', () => {
    const id = debounceWindowId('send-digest', 'alice', 'x'.repeat(5000));
    expect(id).toMatch(/^conveyor-debounce-send-digest-[0-9a-f]{32}$/);
    expect(debounceWindowId('send-digest', 'alice', 'x'.repeat(5000))).toBe(id);
    expect(new Set([id, debounceWindowId('send-digest', 'bob', 'x'.repeat(5000)), debounceWindowId('send-digest', 'alice', 'y'), debounceWindowId('other', 'alice', 'y')]).size).toBe(4);
  });

  it('finds the window from a task id it handed out, and none from any other id', () => {
    const windowId = debounceWindowId('send-digest', 'alice', 'doc-1');
    const hash = windowId.slice(-32);

    expect(debounceWindowOf(`send-digest-debounce-${hash}-${uuid}`)).toBe(windowId);
    expect(debounceWindowOf(`send-digest-${uuid}`)).toBeUndefined();
    expect(debounceWindowOf(`alice:send-digest-debounce-${hash}`)).toBeUndefined();
  });

  it('reads a task type debounce option in milliseconds', () => {
    expect(debounceMs({ window: '30s', maxWait: '5 minutes' })).toEqual({ windowMs: 30_000, maxWaitMs: 300_000 });
    expect(debounceMs({ window: 1500 })).toEqual({ windowMs: 1500, maxWaitMs: undefined });
  });
});
