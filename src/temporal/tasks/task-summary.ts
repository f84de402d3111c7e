import type { WorkflowExecutionInfo } from '@temporalio/client';
import type { z } from 'zod';
import { toTaskStatus } from '../../tasks/status';
import { QUEUE_ATTRIBUTE, SCHEDULED_BY_ATTRIBUTE, STARTED_ATTRIBUTE, SUBMITTER_ATTRIBUTE } from '../../contract/search-attributes';
import { humanDuration } from '../../human-duration';
import { taskNameOf } from './task-name';
import { shortTaskId, taskView } from './task-view';

/** A list row: the fields of the task view that visibility alone can answer (no describe, no query). */
export const taskSummary = taskView
  .pick({
    task_id: true,
    short_id: true,
    task_name: true,
    status: true,
    queue: true,
    submitter: true,
    schedule_id: true,
    created_at: true,
    finished_at: true,
    duration_ms: true,
    duration: true,
    result_available: true,
  })
  .describe('TaskSummary');

export type TaskSummary = z.infer<typeof taskSummary>;

/** The list row of one visibility record. */
export function summarizeExecution(info: WorkflowExecutionInfo): TaskSummary {
  const status = toTaskStatus(info.status.name, info.typedSearchAttributes.get(STARTED_ATTRIBUTE) === true);
  const durationMs = info.closeTime ? info.closeTime.getTime() - (info.executionTime ?? info.startTime).getTime() : null;
  return {
    task_id: info.workflowId,
    short_id: shortTaskId(info.workflowId),
    task_name: taskNameOf(info),
    status,
    queue: info.typedSearchAttributes.get(QUEUE_ATTRIBUTE) ?? info.taskQueue,
    submitter: info.typedSearchAttributes.get(SUBMITTER_ATTRIBUTE) ?? null,
    schedule_id: info.typedSearchAttributes.get(SCHEDULED_BY_ATTRIBUTE) ?? null,
    created_at: info.startTime.toISOString(),
    finished_at: info.closeTime?.toISOString() ?? null,
    duration_ms: durationMs,
    duration: durationMs === null ? null : humanDuration(durationMs),
    result_available: status === 'completed',
  };
}
