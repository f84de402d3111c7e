import { describe, expect, it } from 'vitest';
import { inLegacyWords } from './legacy-answers';

describe('inLegacyWords', () => {
  const failure = { type: 'ActivityFailure', message: 'Activity task failed', causes: [{ type: 'ApplicationFailure', message: 'disk full' }] };
  const view = {
    task_id: 'report-123456789012',
    short_id: '123456789012',
    status: 'failed',
    created_at: '2026-11-24T10:00:00.000Z',
    finished_at: '2026-11-24T10:01:00.000Z',
    parameters: { size: 3 },
    worker: '42@host',
    attempts: 3,
    failure,
    result_available: false,
  };

  it('gives a task’s page the old words and fields, each derived from Conveyor’s own', () => {
    expect(inLegacyWords(view)).toEqual({
      ...view,
      status: 'failed',
      status_display: 'Failed',
      short_task_id: '123456789012',
      completed_at: view.finished_at,
      date_done: view.finished_at,
      has_result: false,
      has_error: true,
      error: 'Activity task failed: disk full',
      kwargs: { size: 3 },
      worker: '42@host',
      retries: 2,
    });
  });

  it('gives every row of a list the old fields, null where only the task’s page knows them', () => {
    const row = { task_id: 't-1', short_id: 't-1', status: 'completed', created_at: view.created_at, finished_at: view.finished_at, result_available: true };
    const answer = inLegacyWords({ tasks: [row], total: 1, has_more: false }) as { tasks: Record<string, unknown>[]; total: number };
    expect(answer.total).toBe(1);
    expect(answer.tasks[0]).toMatchObject({ status: 'finished', has_result: true, has_error: false, worker: null, retries: null });
    expect(answer.tasks[0]).not.toHaveProperty('kwargs');
  });

  it('says no error for a task that was cancelled or terminated', () => {
    expect(inLegacyWords({ ...view, status: 'terminated' })).toMatchObject({ status: 'cancelled', has_error: false, error: null });
  });

  it('leaves answers that describe no task as they are', () => {
    const health = { status: 'ok', temporal: 'reachable' };
    expect(inLegacyWords(health)).toBe(health);
    expect(inLegacyWords({ task_id: 'x', status: 'exploded' })).toEqual({ task_id: 'x', status: 'exploded' });
    expect(inLegacyWords('text')).toBe('text');
  });
});
