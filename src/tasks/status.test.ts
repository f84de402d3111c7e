import type { WorkflowExecutionStatusName } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, isTerminal, TASK_STATUSES, toTaskStatus, type TaskStatus } from './status';

describe('toTaskStatus', () => {
  // A Record over the SDK's union: the compiler fails this file if Temporal adds a status we do not map.
  const expected: Record<WorkflowExecutionStatusName, TaskStatus> = {
    RUNNING: 'running',
    COMPLETED: 'completed',
    FAILED: 'failed',
    CANCELLED: 'cancelled',
    TERMINATED: 'terminated',
    CONTINUED_AS_NEW: 'running',
    TIMED_OUT: 'timed_out',
    PAUSED: 'running',
    UNSPECIFIED: 'running',
    UNKNOWN: 'running',
  };

  it.each(Object.entries(expected))('maps %s to %s', (temporal, conveyor) => {
    expect(toTaskStatus(temporal as WorkflowExecutionStatusName)).toBe(conveyor);
  });

  it('calls a running execution whose first workflow task has not run yet queued', () => {
    expect(toTaskStatus('RUNNING', false)).toBe('queued');
    expect(toTaskStatus('CONTINUED_AS_NEW', false)).toBe('queued');
  });

  it('keeps a closed execution closed whether or not it ever started', () => {
    expect(toTaskStatus('COMPLETED', false)).toBe('completed');
    expect(toTaskStatus('CANCELLED', false)).toBe('cancelled');
    expect(toTaskStatus('TIMED_OUT', false)).toBe('timed_out');
  });
});

describe('isTerminal', () => {
  it('is false while a task can still change', () => {
    expect(isTerminal('queued')).toBe(false);
    expect(isTerminal('running')).toBe(false);
  });

  it.each(['completed', 'failed', 'cancelled', 'terminated', 'timed_out'] as const)('is true for %s', (status) => {
    expect(isTerminal(status)).toBe(true);
  });
});

describe('exitCodeFor', () => {
  it('gives 0 only for a completed task', () => {
    expect(exitCodeFor('completed')).toBe(0);
    for (const status of TASK_STATUSES.filter((s) => s !== 'completed')) {
      expect(exitCodeFor(status)).toBe(1);
    }
  });
});
