import { describe, expect, it } from 'vitest';
import { reversedTaskId } from '../../contract/search-attributes';
import { latestRunsQuery, recentRunsQuery, scheduleListQuery, taskIdMatchQuery, visibilityQuery } from './visibility-query';

describe('taskIdMatchQuery', () => {
  it('matches the fragment as a prefix of the id and, reversed, as a prefix of the reversed id', () => {
    expect(taskIdMatchQuery('noop-3fa9', undefined)).toBe(
      `(WorkflowId STARTS_WITH 'noop-3fa9' OR ConveyorReversedTaskId STARTS_WITH '9af3-poon') AND ConveyorTaskName IS NOT NULL AND ExecutionStatus != 'ContinuedAsNew'`,
    );
  });

  it("keeps to one submitter's tasks when given one, also matches the start of the ids it chose, and quotes every value", () => {
    expect(taskIdMatchQuery("o'b", "al'ice")).toBe(
      `(WorkflowId STARTS_WITH 'o\\'b' OR WorkflowId STARTS_WITH 'al\\'ice:o\\'b' OR ConveyorReversedTaskId STARTS_WITH 'b\\'o') AND ConveyorTaskName IS NOT NULL AND ExecutionStatus != 'ContinuedAsNew' AND ConveyorSubmitter = 'al\\'ice'`,
    );
  });
});

describe('recentRunsQuery', () => {
  it('keeps to the task types given, quoted, and to runs that are running or started or ended since the time', () => {
    expect(recentRunsQuery(['noop', "it's"], new Date('2026-01-02T03:04:05.000Z'))).toBe(
      `ConveyorTaskName IN ('noop', 'it\\'s') AND (ExecutionStatus = 'Running' OR StartTime >= '2026-01-02T03:04:05.000Z' OR CloseTime >= '2026-01-02T03:04:05.000Z')`,
    );
  });
});

describe('reversedTaskId', () => {
  it('reverses by code point, so characters outside the BMP survive', () => {
    expect(reversedTaskId('task-é🙂')).toBe('🙂é-ksat');
    expect(reversedTaskId(reversedTaskId('a🙂b'))).toBe('a🙂b');
  });
});

describe('visibilityQuery', () => {
  const base = `ConveyorTaskName IS NOT NULL AND ExecutionStatus != 'ContinuedAsNew'`;

  it('matches any of the statuses asked, and the retrying runs only while they run', () => {
    expect(visibilityQuery({ statuses: ['failed'], retryingRunIds: ['r-1', 'r-2'], queue: 'q' })).toBe(
      `${base} AND (ExecutionStatus = 'Failed' OR ((ExecutionStatus = 'Running' AND ConveyorStarted = true) AND RunId IN ('r-1', 'r-2'))) AND ConveyorQueue = 'q'`,
    );
    expect(visibilityQuery({ statuses: [], retryingRunIds: ['r-1'] })).toBe(`${base} AND (((ExecutionStatus = 'Running' AND ConveyorStarted = true) AND RunId IN ('r-1')))`);
  });

  it('puts no status condition when none is asked', () => {
    expect(visibilityQuery({ statuses: [], retryingRunIds: [] })).toBe(base);
  });

  it('keeps to any of several task types, and to one failure type, quoting each value', () => {
    expect(visibilityQuery({ statuses: [], taskNames: ['charge', "it's"], failureType: 'StepFailed' })).toBe(
      `${base} AND ConveyorTaskName IN ('charge', 'it\\'s') AND ConveyorFailureType = 'StepFailed'`,
    );
    expect(visibilityQuery({ statuses: [], taskNames: [] })).toBe(base);
  });

  it("keeps to the runs of the schedules asked, by Temporal's TemporalScheduledById", () => {
    expect(visibilityQuery({ statuses: [], scheduleIds: ['alice:nightly', 'nightly'], submitter: 'alice' })).toBe(
      `${base} AND ConveyorSubmitter = 'alice' AND TemporalScheduledById IN ('alice:nightly', 'nightly')`,
    );
  });
});

describe('latestRunsQuery', () => {
  it('asks for the latest run of each task id, quoted', () => {
    expect(latestRunsQuery(["a:n-2026-11-24T03:00:00Z", "o'b"])).toBe(`WorkflowId IN ('a:n-2026-11-24T03:00:00Z', 'o\\'b') AND ExecutionStatus != 'ContinuedAsNew'`);
  });
});

describe('scheduleListQuery', () => {
  it("lists Conveyor's schedules only, of a task type and a submitter when asked", () => {
    expect(scheduleListQuery({})).toBe('ConveyorTaskName IS NOT NULL');
    expect(scheduleListQuery({ taskName: 'noop', submitter: 'bob' })).toBe(`ConveyorTaskName IS NOT NULL AND ConveyorTaskName = 'noop' AND ConveyorSubmitter = 'bob'`);
  });
});
