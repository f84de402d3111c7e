import { describe, expect, it } from 'vitest';
import { semaphoreWorkflowId } from './semaphore-id';

describe('semaphoreWorkflowId', () => {
  it('shows a short plain key as it is, after the task name', () => {
    expect(semaphoreWorkflowId('resize_image', 'customer-42')).toBe('conveyor-slots/resize_image/customer-42');
    expect(semaphoreWorkflowId('a:b', 'ada@example.com')).toBe('conveyor-slots/a:b/ada@example.com');
  });

  it('hashes a long key or one with other characters, keeping a readable start', () => {
    const long = 'x'.repeat(500);
    const id = semaphoreWorkflowId('t', long);
    expect(id).toMatch(/^conveyor-slots\/t\/x{32}~[0-9a-f]{24}$/);
    expect(semaphoreWorkflowId('t', 'a b/c')).toMatch(/^conveyor-slots\/t\/a_b_c~[0-9a-f]{24}$/);
  });

  it('gives different keys different ids, also keys that read alike', () => {
    const keys = ['a b', 'a_b', 'a/b', 'x'.repeat(500), `${'x'.repeat(499)}y`, ''];
    expect(new Set(keys.map((key) => semaphoreWorkflowId('t', key))).size).toBe(keys.length);
    expect(semaphoreWorkflowId('t1', 'k')).not.toBe(semaphoreWorkflowId('t2', 'k'));
  });
});
