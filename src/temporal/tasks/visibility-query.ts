import { FAILURE_TYPE_ATTRIBUTE, REVERSED_ID_ATTRIBUTE, reversedTaskId, SCHEDULED_BY_ATTRIBUTE, SUBMITTER_ATTRIBUTE, TASK_NAME_ATTRIBUTE } from '../../contract/search-attributes';
import type { TaskStatus } from '../../tasks/status';
import { submitterScope } from './task-id-scope';

export interface TaskFilter {
  /** Empty (and no `retryingRunIds`): any status. */
  statuses: TaskStatus[];
  /** Besides `statuses`, these runs while they are running: the retrying tasks the RETRY filter found. */
  retryingRunIds?: readonly string[] | undefined;
  taskName?: string | undefined;
  queue?: string | undefined;
  submitter?: string | undefined;
  createdAfter?: Date | undefined;
  createdBefore?: Date | undefined;
  /** Only tasks that ended at or after this time. */
  closedAfter?: Date | undefined;
  /** Only runs one of these schedules started (Temporal's `TemporalScheduledById`). */
  scheduleIds?: readonly string[] | undefined;
  /** Only tasks that failed with this failure type. */
  failureType?: string | undefined;
  /** Only tasks of one of these types (besides `taskName`, which names one). */
  taskNames?: readonly string[] | undefined;
}

/** One status as a visibility condition on Temporal's ExecutionStatus (and ConveyorStarted). */
const STATUS_CONDITIONS: Record<TaskStatus, string> = {
  queued: `(ExecutionStatus = 'Running' AND ConveyorStarted IS NULL)`,
  running: `(ExecutionStatus = 'Running' AND ConveyorStarted = true)`,
  completed: `ExecutionStatus = 'Completed'`,
  failed: `ExecutionStatus = 'Failed'`,
  cancelled: `ExecutionStatus = 'Canceled'`,
  terminated: `ExecutionStatus = 'Terminated'`,
  timed_out: `ExecutionStatus = 'TimedOut'`,
};

/**
 * The Temporal visibility query for a task filter: only Conveyor tasks, only latest runs (a run
 * that continued as new is part of the same task), every filter applied by Temporal itself.
 */
export function visibilityQuery(filter: TaskFilter): string {
  const conditions = ['ConveyorTaskName IS NOT NULL', `ExecutionStatus != 'ContinuedAsNew'`];
  const statusConditions = filter.statuses.map((s) => STATUS_CONDITIONS[s]);
  // Run ids are UUIDs: no quote or backslash that SQLite visibility would mishandle.
  if (filter.retryingRunIds?.length) statusConditions.push(`(${STATUS_CONDITIONS.running} AND RunId IN (${filter.retryingRunIds.map(quote).join(', ')}))`);
  if (statusConditions.length > 0) conditions.push(`(${statusConditions.join(' OR ')})`);
  if (filter.taskName) conditions.push(`ConveyorTaskName = ${quote(filter.taskName)}`);
  if (filter.taskNames?.length) conditions.push(`ConveyorTaskName IN (${filter.taskNames.map(quote).join(', ')})`);
  if (filter.queue) conditions.push(`ConveyorQueue = ${quote(filter.queue)}`);
  if (filter.submitter) conditions.push(`ConveyorSubmitter = ${quote(filter.submitter)}`);
  if (filter.createdAfter) conditions.push(`StartTime >= ${quote(filter.createdAfter.toISOString())}`);
  if (filter.createdBefore) conditions.push(`StartTime < ${quote(filter.createdBefore.toISOString())}`);
  if (filter.closedAfter) conditions.push(`CloseTime >= ${quote(filter.closedAfter.toISOString())}`);
  if (filter.scheduleIds?.length) conditions.push(`${SCHEDULED_BY_ATTRIBUTE.name} IN (${filter.scheduleIds.map(quote).join(', ')})`);
  if (filter.failureType) conditions.push(`${FAILURE_TYPE_ATTRIBUTE.name} = ${quote(filter.failureType)}`);
  return conditions.join(' AND ');
}

/**
 * Every run of these task types that is running, or started or ended at or after `since`: what a
 * replay check reads. Runs that continued as new are included (each run replays on its own).
 */
export function recentRunsQuery(taskNames: readonly string[], since: Date): string {
  const at = quote(since.toISOString());
  return `${TASK_NAME_ATTRIBUTE.name} IN (${taskNames.map(quote).join(', ')}) AND (ExecutionStatus = 'Running' OR StartTime >= ${at} OR CloseTime >= ${at})`;
}

/** The latest runs of these tasks, by id. */
export function latestRunsQuery(taskIds: readonly string[]): string {
  return `WorkflowId IN (${taskIds.map(quote).join(', ')}) AND ExecutionStatus != 'ContinuedAsNew'`;
}

/** The filter of a list of schedules: Conveyor's schedules only (they carry a task name). */
export function scheduleListQuery(filter: { taskName?: string | undefined; submitter?: string | undefined }): string {
  const conditions = [`${TASK_NAME_ATTRIBUTE.name} IS NOT NULL`];
  if (filter.taskName) conditions.push(`${TASK_NAME_ATTRIBUTE.name} = ${quote(filter.taskName)}`);
  if (filter.submitter) conditions.push(`${SUBMITTER_ATTRIBUTE.name} = ${quote(filter.submitter)}`);
  return conditions.join(' AND ');
}

/**
 * Tasks whose id starts or ends with `fragment` (a suffix is a prefix of the reversed id), latest
 * runs only, and only `submitter`'s when given; then also those whose id starts with `fragment`
 * within the submitter's scope (the start of a `workflow_id` it chose). Visibility's STARTS_WITH
 * takes `%` and `_` literally.
 */
export function taskIdMatchQuery(fragment: string, submitter: string | undefined): string {
  const prefixes = submitter === undefined ? [fragment] : [fragment, `${submitterScope(submitter)}${fragment}`];
  const matches = [...prefixes.map((prefix) => `WorkflowId STARTS_WITH ${quote(prefix)}`), `${REVERSED_ID_ATTRIBUTE.name} STARTS_WITH ${quote(reversedTaskId(fragment))}`];
  const conditions = [
    `(${matches.join(' OR ')})`,
    'ConveyorTaskName IS NOT NULL',
    `ExecutionStatus != 'ContinuedAsNew'`,
  ];
  if (submitter !== undefined) conditions.push(`ConveyorSubmitter = ${quote(submitter)}`);
  return conditions.join(' AND ');
}

/** A string literal in Temporal's SQL-like query language. */
function quote(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
