import { decisionQuery, decisionUpdate, progressQuery } from 'conveyor/workflow';
import { describe, expect, it } from 'vitest';
import type { StartedTask } from '../../src/temporal/tasks/start-task';
import { serveExamples, timeSkippingEnvironment } from '../../test/helpers/workflow-environment';
import type { ApprovalParams, ApprovalResult } from './schema';

const WEEK_SECONDS = 7 * 24 * 60 * 60;

/** example_approval's decision paths, on the time-skipping test server: a week's deadline passes at once. */
describe('example_approval workflow', () => {
  const examples = serveExamples(timeSkippingEnvironment, {}); // no activities: the gate is an update and a timer

  const start = (params: Partial<ApprovalParams>): Promise<StartedTask> => examples.start('example_approval', { subject: 'release 1.2', ...params });
  const resultOf = (task: StartedTask) => task.handle.result() as Promise<ApprovalResult>;

  it('waits for review: the decision query is pending with the deadline the progress shows', async () => {
    const task = await start({ timeout: 600 });
    const state = await task.handle.query(decisionQuery);
    expect(state).toMatchObject({ state: 'pending', subject: 'release 1.2' });
    expect(state.on_timeout).toBe('reject');
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 0, stage: 'awaiting_review', message: `decision due by ${state.deadline}`, deadline: state.deadline, on_timeout: 'reject' });
    await task.handle.executeUpdate(decisionUpdate, { args: [{ approved: true, reviewer: 'ada' }] });
    await resultOf(task);
  });

  it('a reviewer approves: the result, the decision query and the progress say who decided', async () => {
    const task = await start({ timeout: WEEK_SECONDS });
    await task.handle.executeUpdate(decisionUpdate, { args: [{ approved: true, reviewer: 'ada', comment: 'ship it' }] });

    expect(await resultOf(task)).toEqual({ approved: true, decided_by: 'reviewer', reviewer: 'ada', comment: 'ship it' });
    expect(await task.handle.query(decisionQuery)).toMatchObject({ state: 'approved', decided_by: 'reviewer', reviewer: 'ada', comment: 'ship it' });
    expect(await task.handle.query(progressQuery)).toEqual({ percent: 100, stage: 'approved', message: 'decided by ada' });
  });

  it('a reviewer rejects', async () => {
    const task = await start({ timeout: WEEK_SECONDS, on_timeout: 'approve' });
    await task.handle.executeUpdate(decisionUpdate, { args: [{ approved: false, reviewer: 'grace' }] });

    expect(await resultOf(task)).toMatchObject({ approved: false, decided_by: 'reviewer', reviewer: 'grace' });
    expect(await task.handle.query(progressQuery)).toMatchObject({ percent: 100, stage: 'rejected', message: 'decided by grace' });
  });

  it('the first decision wins: the update answers its outcome, and a later one is refused and changes nothing', async () => {
    const task = await start({ timeout: WEEK_SECONDS });
    expect(await task.handle.executeUpdate(decisionUpdate, { args: [{ approved: false, reviewer: 'first' }] })).toEqual({ approved: false, decided_by: 'reviewer', reviewer: 'first' });
    // The task ends with its decision, so the later update finds it settled or finished: refused either way (test/api/review.e2e.test.ts pins AlreadyDecided).
    await expect(task.handle.executeUpdate(decisionUpdate, { args: [{ approved: true, reviewer: 'second' }] })).rejects.toThrow();

    expect(await resultOf(task)).toMatchObject({ approved: false, reviewer: 'first' });
  });

  it('a decision signal (the pre-update way) decides nothing: the task waits on, then on_timeout decides', async () => {
    const task = await start({ timeout: 3600 });
    await task.handle.signal('decision', { approved: true, reviewer: 'mallory' });

    expect(await resultOf(task)).toEqual({ approved: false, decided_by: 'timeout' });
  });

  it('with no decision by the deadline, on_timeout rejects (the default), a week later in workflow time', async () => {
    const startedAt = await examples.env().currentTimeMs();
    const task = await start({ timeout: WEEK_SECONDS });

    expect(await resultOf(task)).toEqual({ approved: false, decided_by: 'timeout' });
    expect(await examples.env().currentTimeMs()).toBeGreaterThanOrEqual(startedAt + WEEK_SECONDS * 1000);
    expect(await task.handle.query(decisionQuery)).toMatchObject({ state: 'rejected', decided_by: 'timeout' });
    expect(await task.handle.query(progressQuery)).toEqual({
      percent: 100,
      stage: 'rejected',
      message: 'no decision by the deadline; on_timeout is reject',
    });
  });

  it('with no decision by the deadline, on_timeout: approve approves', async () => {
    const task = await start({ timeout: 3600, on_timeout: 'approve' });

    expect(await resultOf(task)).toEqual({ approved: true, decided_by: 'timeout' });
    expect(await task.handle.query(progressQuery)).toMatchObject({ stage: 'approved', message: 'no decision by the deadline; on_timeout is approve' });
  });

  it('refuses a decision without a boolean "approved" and a reviewer (sent past the API) with InvalidDecision, and keeps waiting', async () => {
    const task = await start({ timeout: WEEK_SECONDS });
    const malformed = [{ approved: 'no', reviewer: 'mallory' }, { approved: true, reviewer: '' }, { approved: true }];
    for (const decision of malformed) {
      await expect(task.handle.executeUpdate(decisionUpdate.name, { args: [decision] })).rejects.toMatchObject({ cause: { type: 'InvalidDecision' } });
    }
    expect(await task.handle.query(decisionQuery)).toMatchObject({ state: 'pending' });

    await task.handle.executeUpdate(decisionUpdate, { args: [{ approved: true, reviewer: 'ada' }] });
    expect(await resultOf(task)).toMatchObject({ approved: true, decided_by: 'reviewer', reviewer: 'ada' });
  });
});
