import { ScheduleOverlapPolicy, type Client, type ScheduleHandle } from '@temporalio/client';
import { QUEUE_ATTRIBUTE, SUBMITTER_ATTRIBUTE, TASK_NAME_ATTRIBUTE } from '../../contract/search-attributes';
import { CONCURRENCY_MEMO, RATE_LIMITED_MEMO, type ConcurrencyMemo } from '../../contract/flow-control';
import { fairnessKeyOf, flowKeyOf } from '../../tasks/flow-keys';
import type { ScheduleOverlap } from '../../tasks/schedule-overlap';
import { InvalidCron } from '../store-errors';
import type { ValidTaskRequest } from '../tasks/start-task';

export { SCHEDULE_OVERLAPS, type ScheduleOverlap } from '../../tasks/schedule-overlap';

/** Every policy Temporal has, as a schedule shows it (one created elsewhere may have any). */
export const SCHEDULE_OVERLAPS_SHOWN = ['skip', 'buffer_one', 'buffer_all', 'cancel_other', 'terminate_other', 'allow_all'] as const;
export type ScheduleOverlapShown = (typeof SCHEDULE_OVERLAPS_SHOWN)[number];

const TEMPORAL_OVERLAP: Record<ScheduleOverlap, ScheduleOverlapPolicy> = {
  skip: ScheduleOverlapPolicy.SKIP,
  buffer_one: ScheduleOverlapPolicy.BUFFER_ONE,
  allow_all: ScheduleOverlapPolicy.ALLOW_ALL,
};

/**
 * Memo key holding the cron expressions as they were given: Temporal compiles them into calendar
 * specs and describes those, never the strings people wrote.
 */
export const SCHEDULE_CRON_MEMO = 'conveyor_cron';

export interface TaskScheduleRequest {
  /** The Temporal schedule id (a submitter's already scoped). */
  scheduleId: string;
  cron: string[];
  overlap: ScheduleOverlap;
  /** Who creates it: recorded on the schedule (ownership) and on every run it starts. */
  submitter: string;
  note?: string | undefined;
  paused?: boolean | undefined;
}

/**
 * Creates a Temporal Schedule that starts the task as Conveyor's submit would: workflow type = task
 * name, the task's queue, its validated parameters, timeout and retry policy, and the task's search
 * attributes, so every run is an ordinary task (Temporal adds `TemporalScheduledById`). The runs'
 * ids are the schedule id followed by the time Temporal started them. The schedule itself carries
 * the task name, queue and submitter too, so a list of schedules filters on them.
 *
 * Throws the SDK's `ScheduleAlreadyRunning` for a taken id, and {@link InvalidCron} with Temporal's
 * reason when it refuses the spec (a cron expression it cannot read).
 */
export async function createTaskSchedule(client: Client, { task, params, queue }: ValidTaskRequest, request: TaskScheduleRequest): Promise<ScheduleHandle> {
  const attributes = [
    { key: TASK_NAME_ATTRIBUTE, value: task.name },
    { key: QUEUE_ATTRIBUTE, value: queue },
    { key: SUBMITTER_ATTRIBUTE, value: request.submitter },
  ];
  // Each run keeps its type's per-key concurrency and rate limits, as a submit's would. (The SDK's schedule action
  // takes no priority: runs take the queue's unkeyed share, docs/flow-control.md.)
  const runMemo = {
    ...(task.concurrency
      ? { [CONCURRENCY_MEMO]: { key: flowKeyOf(task, params, fairnessKeyOf(task, params, request.submitter)), limit: task.concurrency.perKey } satisfies ConcurrencyMemo }
      : {}),
    ...(task.rateLimit || task.keyRateLimit ? { [RATE_LIMITED_MEMO]: true } : {}),
  };
  const created = client.schedule.create({
    scheduleId: request.scheduleId,
    spec: { cronExpressions: request.cron },
    action: {
      type: 'startWorkflow',
      workflowType: task.name,
      workflowId: request.scheduleId,
      taskQueue: queue,
      args: [params],
      workflowExecutionTimeout: task.executionTimeout,
      retry: task.retry,
      typedSearchAttributes: attributes,
      memo: Object.keys(runMemo).length > 0 ? runMemo : undefined,
    },
    policies: { overlap: TEMPORAL_OVERLAP[request.overlap] },
    memo: { [SCHEDULE_CRON_MEMO]: request.cron },
    typedSearchAttributes: attributes,
    state: { paused: request.paused ?? false, note: request.note },
  });
  return created.catch((error: unknown) => {
    throw refusedSpec(error) ?? error;
  });
}

/**
 * The SDK turns Temporal's refusal of a schedule's spec (INVALID_ARGUMENT "Invalid schedule spec")
 * into a TypeError carrying Temporal's reason; the options built here hold everything else the SDK
 * checks, so a TypeError is the cron expressions' fault.
 */
function refusedSpec(error: unknown): InvalidCron | undefined {
  return error instanceof TypeError ? new InvalidCron(error.message) : undefined;
}

/** A policy as a schedule shows it: Temporal's name in lower case (`skip` when Temporal leaves it unset). */
export function overlapShown(policy: ScheduleOverlapPolicy | undefined): ScheduleOverlapShown {
  const shown = (policy ?? ScheduleOverlapPolicy.SKIP).toLowerCase();
  return (SCHEDULE_OVERLAPS_SHOWN as readonly string[]).includes(shown) ? (shown as ScheduleOverlapShown) : 'skip';
}
