import { describe, expect, it } from 'vitest';
import {
  AmbiguousTaskId,
  DecisionRefused,
  FilterTooBroad,
  IdempotencyConflict,
  InvalidCron,
  InvalidCursor,
  InvalidSignalPayload,
  NotAwaitingReview,
  NoWorker,
  PurgeNotAllowed,
  QueryNotDeclared,
  ReadOnlyCaller,
  ScheduleNotFound,
  ScopedIdTooLong,
  SignalNotDeclared,
  TaskFinished,
  TaskNotFound,
  TaskStillRunning,
  UnsearchableTaskId,
} from '../../temporal/store-errors';
import type { TaskSummary } from '../../temporal/tasks/task-summary';
import { domainErrorAnswer } from './domain-error-answer';

/** The answer as a client sees it: status, code, message, details and headers. */
function answerTo(error: Error) {
  const answer = domainErrorAnswer(error);
  return answer && { status: answer.statusCode, code: answer.code, message: answer.message, details: answer.details, headers: answer.headers };
}

const row = (taskId: string): TaskSummary => ({
  task_id: taskId,
  short_id: taskId.slice(-12),
  task_name: 'noop',
  status: 'completed',
  queue: 'q',
  submitter: 'alice',
  schedule_id: null,
  created_at: '2026-01-01T00:00:00.000Z',
  finished_at: null,
  duration_ms: null,
  duration: null,
  result_available: true,
});

describe("domainErrorAnswer: the task store's named errors as the API answers them", () => {
  it('answers not-found tasks and schedules 404 with their ids', () => {
    expect(answerTo(new TaskNotFound('t-1'))).toEqual({ status: 404, code: 'task_not_found', message: 'no task with id "t-1"', details: undefined, headers: {} });
    expect(answerTo(new ScheduleNotFound('s-1'))).toEqual({ status: 404, code: 'schedule_not_found', message: 'no schedule with id "s-1"', details: undefined, headers: {} });
  });

  it('answers an ambiguous id 409 listing the candidates, and an unsearchable one 400', () => {
    expect(answerTo(new AmbiguousTaskId('ab', [row('ab-1'), row('ab-2')], false))).toEqual({
      status: 409,
      code: 'ambiguous_task_id',
      message: '"ab" matches 2 tasks: ab-1, ab-2; give more of the id',
      details: { candidates: [row('ab-1'), row('ab-2')], more: false },
      headers: {},
    });
    expect(answerTo(new AmbiguousTaskId('ab', [row('ab-1')], true))?.message).toBe('"ab" matches more than 1 tasks: ab-1, ...; give more of the id');
    expect(answerTo(new UnsearchableTaskId())).toMatchObject({ status: 400, code: 'invalid_task_id', message: 'the task id cannot be searched for; give the full id' });
  });

  it('answers a refused cursor, a too broad filter and an overlong scoped id 400 naming the request field', () => {
    expect(answerTo(new InvalidCursor('not a cursor this API returned'))).toEqual({
      status: 400,
      code: 'invalid_request',
      message: 'cursor: not a cursor this API returned',
      details: { fields: [{ field: 'querystring.cursor', message: 'not a cursor this API returned' }] },
      headers: {},
    });
    expect(answerTo(new FilterTooBroad('too many', 11, 10))).toEqual({
      status: 400,
      code: 'filter_too_broad',
      message: 'status: too many',
      details: { fields: [{ field: 'querystring.status', message: 'too many' }], running_tasks: 11, max_running_tasks: 10 },
      headers: {},
    });
    expect(answerTo(new ScopedIdTooLong('workflow_id', 'workflow_id: too long', 'must fit'))).toEqual({
      status: 400,
      code: 'invalid_request',
      message: 'workflow_id: too long',
      details: { fields: [{ field: 'body.workflow_id', message: 'must fit' }] },
      headers: {},
    });
  });

  it('answers conflicts 409, a viewer writing 403 and a refused decision 422', () => {
    expect(answerTo(new IdempotencyConflict('t-1'))).toMatchObject({ status: 409, code: 'idempotency_conflict', message: 'task "t-1" exists and was submitted with a different request' });
    expect(answerTo(new NotAwaitingReview('t-1', 'it was already approved'))).toMatchObject({ status: 409, code: 'not_awaiting_review', message: 'task "t-1" is not awaiting review: it was already approved' });
    expect(answerTo(new TaskFinished('t-1'))).toMatchObject({ status: 409, code: 'task_finished', message: 'task "t-1" is no longer running' });
    expect(answerTo(new ReadOnlyCaller('viewer'))).toMatchObject({ status: 403, code: 'forbidden', message: 'role viewer may only read' });
    expect(answerTo(new DecisionRefused('t-1', 'no summary here'))).toMatchObject({ status: 422, code: 'invalid_review', message: 'task "t-1" refused the decision: no summary here' });
  });

  it('answers stopping an ended task 409 task_finished naming how it ended, purging a running one 409 task_running, and a purge by a non-admin 403', () => {
    expect(answerTo(new TaskFinished('t-1', 'completed'))).toEqual({ status: 409, code: 'task_finished', message: 'task "t-1" already ended (completed)', details: undefined, headers: {} });
    expect(answerTo(new TaskStillRunning('t-1', 'running'))).toEqual({ status: 409, code: 'task_running', message: 'task "t-1" is running; cancel it before purging', details: undefined, headers: {} });
    expect(answerTo(new PurgeNotAllowed('submitter'))).toEqual({ status: 403, code: 'forbidden', message: 'only admins may purge tasks', details: undefined, headers: {} });
  });

  it('answers an undeclared signal or query 404, pointing a decision to the review route, and a refused signal payload 422 naming each body field', () => {
    expect(answerTo(new SignalNotDeclared('t-1', 'poke'))).toEqual({ status: 404, code: 'signal_not_declared', message: 'task "t-1" declares no signal "poke"', details: undefined, headers: {} });
    expect(answerTo(new SignalNotDeclared('t-1', 'decision', true))).toEqual({
      status: 404,
      code: 'signal_not_declared',
      message: 'task "t-1" takes no "decision" signal: decide with POST /tasks/{id}/review',
      details: undefined,
      headers: {},
    });
    expect(answerTo(new QueryNotDeclared('t-1', 'secret'))).toEqual({ status: 404, code: 'query_not_declared', message: 'task "t-1" declares no query "secret"', details: undefined, headers: {} });
    const payload = new InvalidSignalPayload('t-1', 'poke', [
      { path: ['count'], message: 'Expected number' },
      { path: [], message: 'Unrecognized key' },
    ]);
    expect(answerTo(payload)).toEqual({
      status: 422,
      code: 'invalid_signal_payload',
      message: 'body.count: Expected number; body: Unrecognized key',
      details: {
        fields: [
          { field: 'body.count', message: 'Expected number' },
          { field: 'body', message: 'Unrecognized key' },
        ],
      },
      headers: {},
    });
  });

  it('answers a cron expression Temporal cannot read 400 invalid_cron naming body.cron', () => {
    expect(answerTo(new InvalidCron('invalid cron: bad field'))).toEqual({
      status: 400,
      code: 'invalid_cron',
      message: 'cron: Temporal cannot read it: invalid cron: bad field',
      details: { fields: [{ field: 'body.cron', message: 'invalid cron: bad field' }] },
      headers: {},
    });
  });

  it('answers no worker 503 with Retry-After', () => {
    expect(answerTo(new NoWorker('t-1', 'q', 'no worker answered'))).toEqual({ status: 503, code: 'no_worker', message: 'no worker answered', details: undefined, headers: { 'retry-after': '5' } });
  });

  it('leaves any other error to the rest of the handler', () => {
    expect(domainErrorAnswer(new Error('boom'))).toBeUndefined();
  });
});
