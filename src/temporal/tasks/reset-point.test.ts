import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { resetPointOf } from './reset-point';

const { EventType: E, WorkflowTaskFailedCause } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** A history from event types, ids from 1; a `[type, cause]` pair is a workflow task failure with its cause. */
function history(...types: (number | [number, number])[]): HistoryEvent[] {
  return types.map((type, index) =>
    temporal.api.history.v1.HistoryEvent.fromObject(
      Array.isArray(type) ? { eventId: index + 1, eventType: type[0], workflowTaskFailedEventAttributes: { cause: type[1] } } : { eventId: index + 1, eventType: type },
    ),
  );
}

/** One workflow task: scheduled, started, completed. */
const WFT = [E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, E.EVENT_TYPE_WORKFLOW_TASK_STARTED, E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED];
const STEP_DONE = [E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, E.EVENT_TYPE_ACTIVITY_TASK_STARTED, E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED];

describe('resetPointOf', () => {
  it('goes back to the workflow task that scheduled the failed third step, after the two that completed', () => {
    const events = history(
      E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
      ...WFT, // 2-4
      ...STEP_DONE, // 5-7
      ...WFT, // 8-10
      ...STEP_DONE, // 11-13
      ...WFT, // 14-16: schedules step three
      E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
      E.EVENT_TYPE_ACTIVITY_TASK_STARTED,
      E.EVENT_TYPE_ACTIVITY_TASK_FAILED, // 19
      ...WFT, // 20-22
      E.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
    );
    expect(resetPointOf(events)).toEqual({ eventId: 16, failedEventId: 19, failedEventType: 'activity_task_failed' });
  });

  it('a failure thrown by workflow code: the workflow task that failed the workflow runs again', () => {
    const events = history(E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, ...WFT, ...STEP_DONE, ...WFT, E.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
    expect(resetPointOf(events)).toEqual({ eventId: 10, failedEventId: 11, failedEventType: 'workflow_execution_failed' });
  });

  it('a stuck run: the last workflow task completed before its first workflow task failure', () => {
    const events = history(
      E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
      ...WFT, // 2-4
      ...STEP_DONE, // 5-7
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      [E.EVENT_TYPE_WORKFLOW_TASK_FAILED, WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR], // 10
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    );
    expect(resetPointOf(events)).toEqual({ eventId: 4, failedEventId: 10, failedEventType: 'workflow_task_failed' });
  });

  it('a run stuck in its first workflow task goes back to that failure', () => {
    const events = history(
      E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      [E.EVENT_TYPE_WORKFLOW_TASK_FAILED, WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE],
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    );
    expect(resetPointOf(events)).toEqual({ eventId: 4, failedEventId: 4, failedEventType: 'workflow_task_failed' });
  });

  it("skips the mark an earlier reset left, and a completion turned down for a signal: a reset run's own failure counts", () => {
    const events = history(
      E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
      ...WFT, // 2-4
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      [E.EVENT_TYPE_WORKFLOW_TASK_FAILED, WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW], // 7
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      [E.EVENT_TYPE_WORKFLOW_TASK_FAILED, WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND], // 10
      ...WFT, // 11-13
      E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
      E.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, // 15
    );
    expect(resetPointOf(events)).toEqual({ eventId: 13, failedEventId: 15, failedEventType: 'activity_task_timed_out' });
  });

  it('nothing to go back to in a run without a failure', () => {
    expect(resetPointOf(history(E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, ...WFT, ...STEP_DONE, ...WFT, E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED))).toBeUndefined();
  });
});
