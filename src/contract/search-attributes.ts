import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The task type a workflow runs, as clients name it (`task_name`). */
export const TASK_NAME_ATTRIBUTE = defineSearchAttributeKey('ConveyorTaskName', SearchAttributeType.KEYWORD);

/** The queue the task was submitted to. */
export const QUEUE_ATTRIBUTE = defineSearchAttributeKey('ConveyorQueue', SearchAttributeType.KEYWORD);

/** Who submitted the task (an API key or user name); ownership checks read it. */
export const SUBMITTER_ATTRIBUTE = defineSearchAttributeKey('ConveyorSubmitter', SearchAttributeType.KEYWORD);

/**
 * The fairness key the task takes its share of its queue under (also in its priority, where
 * visibility cannot search it): the API counts a queue's backlog per key with it.
 */
export const FAIRNESS_KEY_ATTRIBUTE = defineSearchAttributeKey('ConveyorFairnessKey', SearchAttributeType.KEYWORD);

/**
 * Why a task failed, set by Conveyor's workflow interceptor as the task fails: the type of the
 * ApplicationFailure behind it (`ApplicationFailure.create({ type })` in an activity or the
 * workflow), else the failure's class (`TimeoutFailure`, `ActivityFailure`). Bulk actions and the
 * failures view filter and group by it; a task that timed out runs no code, and has none.
 */
export const FAILURE_TYPE_ATTRIBUTE = defineSearchAttributeKey('ConveyorFailureType', SearchAttributeType.KEYWORD);

/**
 * Set by Conveyor's workflow interceptor on the task's first workflow task: a worker has picked
 * the task up. Running tasks without it are `queued` (waiting for a worker, or for their start delay).
 */
export const STARTED_ATTRIBUTE = defineSearchAttributeKey('ConveyorStarted', SearchAttributeType.BOOL);

/**
 * The task id written backwards. Temporal visibility matches a prefix of a value (`STARTS_WITH`)
 * but never a suffix; a suffix of the id is a prefix of this, so the short id people copy from
 * `tasks list` (the id's end) finds its task with one visibility query.
 */
export const REVERSED_ID_ATTRIBUTE = defineSearchAttributeKey('ConveyorReversedTaskId', SearchAttributeType.KEYWORD);

/** The value of {@link REVERSED_ID_ATTRIBUTE}: reversed by code point, so no surrogate pair is split. */
export function reversedTaskId(taskId: string): string {
  return [...taskId].reverse().join('');
}

/**
 * Temporal's own attribute on every run a schedule starts: the schedule's id. Temporal sets and
 * registers it (it is not Conveyor's to create); the API reads it as a task's `schedule_id`.
 */
export const SCHEDULED_BY_ATTRIBUTE = defineSearchAttributeKey('TemporalScheduledById', SearchAttributeType.KEYWORD);

/** Every custom search attribute Conveyor needs registered in its namespace. */
export const CONVEYOR_SEARCH_ATTRIBUTES = [TASK_NAME_ATTRIBUTE, QUEUE_ATTRIBUTE, SUBMITTER_ATTRIBUTE, STARTED_ATTRIBUTE, REVERSED_ID_ATTRIBUTE, FAIRNESS_KEY_ATTRIBUTE, FAILURE_TYPE_ATTRIBUTE] as const;

/** The type names Temporal's CLI and operator API use for these attributes. */
export const SEARCH_ATTRIBUTE_TYPE_NAMES = { KEYWORD: 'Keyword', BOOL: 'Bool' } as const;
