import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { FAILURE_TYPE_ATTRIBUTE } from '../../contract/search-attributes';
import type { Caller } from '../caller';
import { dateOf } from '../timestamp';
import { endedOutcome } from './await-outcome';
import { mapConcurrently } from './map-concurrently';
import { VISIBILITY_READ_MAX } from './visibility-page';
import { visibilityQuery, type TaskFilter } from './visibility-query';
import { findStuckTasks } from './stuck-tasks';
import { taskNameOfRow } from './task-name';

const { WorkflowExecutionStatus } = temporal.api.enums.v1;
type RawExecution = temporal.api.workflow.v1.IWorkflowExecutionInfo;

/** How a group's tasks failed: they ended failed, ran out of time, or are stuck on a failing workflow task. */
export type FailureKind = 'failed' | 'timed_out' | 'stuck';

/** Tasks of one type that failed the same way. */
export interface FailureGroup {
  taskName: string;
  kind: FailureKind;
  /** The ApplicationFailure type (or failure class) they failed with; `TimeoutFailure` for a timeout; `unknown` for tasks that failed before Conveyor recorded types. */
  failureType: string;
  count: number;
  /** When the first and the latest of them failed (closed, or for stuck tasks, first failed their workflow task). */
  firstSeen: string | null;
  lastSeen: string | null;
  /** The latest one, and its failure's message. */
  sample: { taskId: string; message: string };
}

export interface FailureGroupsRequest {
  since: Date;
  taskName?: string | undefined;
  /** The most ended failures read (newest first); past it, counts stay exact but first_seen may be later than the first. */
  maxRows: number;
  /** The most running tasks described to find stuck ones (CONVEYOR_LIST_MAX_DESCRIBES). */
  maxDescribes: number;
}

export interface FailureGroups {
  groups: FailureGroup[];
  /** More failures than `maxRows`, or more running tasks than `maxDescribes`: some first_seen (or stuck tasks) may be missing. */
  partial: boolean;
}

/** A type that is not recorded: tasks that failed before Conveyor recorded failure types. */
const UNKNOWN_TYPE = 'unknown';
const SAMPLE_CONCURRENCY = 5;

/**
 * The failures view: tasks that failed or timed out since `since` (visibility, grouped by task
 * type and failure type, each group counted exactly by a count query), and running tasks whose
 * workflow task keeps failing (one describe each, at most `maxDescribes`), grouped the same way,
 * each group with its first and latest time and the latest one's message. A submitter sees its own.
 */
export async function failureGroups(client: Client, caller: Caller, request: FailureGroupsRequest): Promise<FailureGroups> {
  const scope: Partial<TaskFilter> = { taskName: request.taskName, submitter: caller.role === 'submitter' ? caller.name : undefined };
  const [ended, stuck] = await Promise.all([endedGroups(client, scope, request), stuckGroups(client, scope, request)]);
  const groups = [...ended.groups, ...stuck.groups].sort((a, b) => b.count - a.count || (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''));
  return { groups, partial: ended.partial || stuck.partial };
}

/** The visibility query of a group of ended tasks (failed ones with an unrecorded type: without one). */
function groupQuery(scope: Partial<TaskFilter>, kind: 'failed' | 'timed_out', failureType: string, since: Date): string {
  const base = visibilityQuery({ ...scope, statuses: [kind], closedAfter: since });
  if (kind === 'timed_out') return base;
  return failureType === UNKNOWN_TYPE ? `${base} AND ${FAILURE_TYPE_ATTRIBUTE.name} IS NULL` : visibilityQuery({ ...scope, statuses: [kind], closedAfter: since, failureType });
}

async function endedGroups(client: Client, scope: Partial<TaskFilter>, request: FailureGroupsRequest): Promise<FailureGroups> {
  const { namespace } = client.options;
  const query = visibilityQuery({ ...scope, statuses: ['failed', 'timed_out'], closedAfter: request.since });
  const rows: RawExecution[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.listWorkflowExecutions({ namespace, query, pageSize: Math.min(VISIBILITY_READ_MAX, request.maxRows - rows.length), nextPageToken });
    rows.push(...(page.executions ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken && rows.length < request.maxRows);

  const byKey = new Map<string, { group: FailureGroup; sampleRunId: string }>();
  const { payloadConverter } = client.options.loadedDataConverter;
  for (const row of rows) {
    const typeField = row.searchAttributes?.indexedFields?.[FAILURE_TYPE_ATTRIBUTE.name];
    const taskName = taskNameOfRow(client, row);
    const kind: FailureKind = row.status === WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT ? 'timed_out' : 'failed';
    const recorded: unknown = typeField ? payloadConverter.fromPayload(typeField) : undefined;
    const failureType = kind === 'timed_out' ? 'TimeoutFailure' : typeof recorded === 'string' ? recorded : UNKNOWN_TYPE;
    const closed = dateOf(row.closeTime)?.toISOString() ?? null;
    const key = JSON.stringify([taskName, kind, failureType]);
    const known = byKey.get(key);
    if (known) {
      known.group.count += 1;
      // Visibility lists ended tasks newest first: each later row is older.
      known.group.firstSeen = closed ?? known.group.firstSeen;
      continue;
    }
    const taskId = row.execution?.workflowId ?? '';
    byKey.set(key, { group: { taskName, kind, failureType, count: 1, firstSeen: closed, lastSeen: closed, sample: { taskId, message: '' } }, sampleRunId: row.execution?.runId ?? '' });
  }
  const partial = nextPageToken !== undefined;
  await mapConcurrently([...byKey.values()], SAMPLE_CONCURRENCY, async ({ group, sampleRunId }) => {
    const [outcome, counted] = await Promise.all([
      endedOutcome(client.workflow.getHandle(group.sample.taskId, sampleRunId)),
      // The rows read may stop short of every failure: the count is Temporal's own.
      partial ? client.workflowService.countWorkflowExecutions({ namespace, query: groupQuery(scope, group.kind as 'failed' | 'timed_out', group.failureType, request.since) }) : undefined,
    ]);
    group.sample.message = outcome.failure?.message ?? '';
    if (counted) group.count = Number(counted.count ?? group.count);
  });
  return { groups: [...byKey.values()].map(({ group }) => group), partial };
}

async function stuckGroups(client: Client, scope: Partial<TaskFilter>, request: FailureGroupsRequest): Promise<FailureGroups> {
  const { stuck, partial } = await findStuckTasks(client, scope, request.maxDescribes);
  const byKey = new Map<string, FailureGroup>();
  for (const { row, failure } of stuck) {
    const taskName = taskNameOfRow(client, row);
    const key = JSON.stringify([taskName, failure.failure.type]);
    const at = failure.failed_at;
    const group = byKey.get(key);
    if (!group) {
      byKey.set(key, { taskName, kind: 'stuck', failureType: failure.failure.type, count: 1, firstSeen: at, lastSeen: at, sample: { taskId: row.execution?.workflowId ?? '', message: failure.failure.message } });
      continue;
    }
    group.count += 1;
    if (at && (!group.firstSeen || at < group.firstSeen)) group.firstSeen = at;
    if (at && (!group.lastSeen || at > group.lastSeen)) {
      group.lastSeen = at;
      group.sample = { taskId: row.execution?.workflowId ?? '', message: failure.failure.message };
    }
  }
  return { groups: [...byKey.values()], partial };
}
