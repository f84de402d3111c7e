import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The task type a workflow runs, as clients name it (`task_name`). */
export const TASK_NAME_ATTRIBUTE = defineSearchAttributeKey('ConveyorTaskName', SearchAttributeType.KEYWORD);

/** The queue the task was submitted to. */
export const QUEUE_ATTRIBUTE = defineSearchAttributeKey('ConveyorQueue', SearchAttributeType.KEYWORD);

/** Who submitted the task (an API key or user name); ownership checks read it. */
export const SUBMITTER_ATTRIBUTE = defineSearchAttributeKey('ConveyorSubmitter', SearchAttributeType.KEYWORD);

/**
 * Set by Conveyor's workflow interceptor on the task's first workflow task: a worker has picked
 * the task up. Running tasks without it are `queued` (waiting for a worker, or for their start delay).
 */
export const STARTED_ATTRIBUTE = defineSearchAttributeKey('ConveyorStarted', SearchAttributeType.BOOL);

/** Every custom search attribute Conveyor needs registered in its namespace. */
export const CONVEYOR_SEARCH_ATTRIBUTES = [TASK_NAME_ATTRIBUTE, QUEUE_ATTRIBUTE, SUBMITTER_ATTRIBUTE, STARTED_ATTRIBUTE] as const;

/** The type names Temporal's CLI and operator API use for these attributes. */
export const SEARCH_ATTRIBUTE_TYPE_NAMES = { KEYWORD: 'Keyword', BOOL: 'Bool' } as const;
