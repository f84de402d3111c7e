import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The task type a workflow runs, as clients name it (`task_name`). */
export const TASK_NAME_ATTRIBUTE = defineSearchAttributeKey('ConveyorTaskName', SearchAttributeType.KEYWORD);
/** The queue the task was submitted to. */
export const QUEUE_ATTRIBUTE = defineSearchAttributeKey('ConveyorQueue', SearchAttributeType.KEYWORD);
/** Who submitted the task (an API key or user name); ownership checks read it. */
export const SUBMITTER_ATTRIBUTE = defineSearchAttributeKey('ConveyorSubmitter', SearchAttributeType.KEYWORD);

/** Every custom search attribute Conveyor needs registered in its namespace. */
export const CONVEYOR_SEARCH_ATTRIBUTES = [TASK_NAME_ATTRIBUTE, QUEUE_ATTRIBUTE, SUBMITTER_ATTRIBUTE] as const;
