// The package exports no equivalent: `client.workflow.list()` decodes rows the same way but hides the page token the cursor needs.
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import type { Client } from '@temporalio/client';
import type { TaskStatus } from '../../tasks/status';
import type { Caller } from '../caller';
import { scheduleIdCandidates } from '../schedules/schedule-id';
import { InvalidCursor } from '../store-errors';
import { decodeCursor, encodeCursor, pageTokenWasTheProblem } from './list-cursor';
import { retryingRunIds } from './retrying-tasks';
import { summarizeExecution, type TaskSummary } from './task-summary';
import { readVisibilityPage, type PageStart } from './visibility-page';
import { visibilityQuery, type TaskFilter } from './visibility-query';

/**
 * Where a list page starts: after the cursor a previous page handed out, else after skipping
 * `offset` tasks. A cursor this store did not hand out is {@link InvalidCursor}.
 */
export function taskPageStart(cursor: string | undefined, offset: number | undefined): PageStart {
  const pageToken = decodeCursor(cursor);
  return pageToken ? { pageToken } : { offset: offset ?? 0 };
}

/** The tasks a caller means, as it gives them (the store scopes them to what it may see). */
export interface TaskFilterRequest {
  statuses: TaskStatus[];
  /** Also the running tasks with an activity past its first attempt (RETRY), found by describing each. */
  retrying: boolean;
  taskName?: string | undefined;
  queue?: string | undefined;
  submitter?: string | undefined;
  /** A schedule's id as the caller typed it: its full id, or for a submitter also the id it chose. */
  scheduleId?: string | undefined;
  createdAfter?: Date | undefined;
  createdBefore?: Date | undefined;
  /** Only failed tasks that failed with this failure type (`ConveyorFailureType`). */
  failureType?: string | undefined;
  /** The most running tasks a `retrying` filter describes (CONVEYOR_LIST_MAX_DESCRIBES). */
  maxDescribes: number;
}

/** What a caller lists: its filters and the page. */
export interface TaskListRequest extends TaskFilterRequest {
  limit: number;
  start: PageStart;
}

export interface TaskListPage {
  tasks: TaskSummary[];
  /** Every task the filters match, counted by visibility. */
  total: number;
  /** The offset the page started at; null for a page read from a cursor. */
  offset: number | null;
  /** The cursor of the page after this one; null when none follows. */
  nextCursor: string | null;
}

/**
 * One page of the tasks `request` matches, in Temporal visibility order, with a real total from a
 * count query. A submitter lists its own tasks only: its filter is forced, whatever it asked.
 * A cursor visibility refuses for this query is {@link InvalidCursor}; a RETRY filter past its
 * bound is `FilterTooBroad`.
 */
export async function listTasks(client: Client, caller: Caller, request: TaskListRequest): Promise<TaskListPage> {
  const { start, limit } = request;
  const offset = 'offset' in start ? start.offset : null;
  const filter = await scopedTaskFilter(client, caller, request);
  if (filter === null) return { tasks: [], total: 0, offset, nextCursor: null };
  const namespace = client.options.namespace;
  const service = client.workflowService;
  const query = visibilityQuery(filter);
  // Both calls settle before the request ends: a failed page must not leave the count retrying
  // against a connection that may be closing.
  const [listed, counted] = await Promise.allSettled([
    readVisibilityPage(service, namespace, query, limit, start),
    service.countWorkflowExecutions({ namespace, query }),
  ]);
  if (listed.status === 'rejected') {
    if ('pageToken' in start && (await pageTokenWasTheProblem(listed.reason, () => service.listWorkflowExecutions({ namespace, query, pageSize: 1 })))) {
      throw new InvalidCursor('not valid for this query; start again without a cursor');
    }
    throw listed.reason;
  }
  if (counted.status === 'rejected') throw counted.reason;
  const page = listed.value;
  const total = Number(counted.value.count ?? 0);
  const dataConverter = client.options.loadedDataConverter;
  const executions = await Promise.all(page.rows.map((raw) => executionInfoFromRaw(raw, dataConverter, raw, namespace)));
  // Visibility hands out a token after every full read, the last row's too: from an offset, the count says whether rows follow.
  const rowsFollow = offset === null || offset + executions.length < total;
  const nextCursor = page.nextPageToken && rowsFollow ? encodeCursor(page.nextPageToken) : null;
  return { tasks: executions.map(summarizeExecution), total, offset, nextCursor };
}

/**
 * The visibility filter of what `request` asks, scoped to what `caller` may see: a submitter's
 * filter is forced to its own tasks, whatever it asked. `null` when nothing can match (a RETRY
 * filter that found no retrying task, and no other status). A RETRY filter past its bound is
 * `FilterTooBroad`.
 */
export async function scopedTaskFilter(client: Client, caller: Caller, request: TaskFilterRequest): Promise<TaskFilter | null> {
  const filter: TaskFilter = {
    statuses: request.statuses,
    taskName: request.taskName,
    queue: request.queue,
    submitter: caller.role === 'submitter' ? caller.name : request.submitter,
    createdAfter: request.createdAfter,
    createdBefore: request.createdBefore,
    failureType: request.failureType,
    scheduleIds: request.scheduleId === undefined ? undefined : scheduleIdCandidates(caller, request.scheduleId),
  };
  if (request.retrying) {
    const { workflowService, options } = client;
    filter.retryingRunIds = await retryingRunIds(workflowService, options.namespace, visibilityQuery({ ...filter, statuses: ['running'] }), request.maxDescribes);
    if (filter.retryingRunIds.length === 0 && request.statuses.length === 0) return null;
  }
  return filter;
}
