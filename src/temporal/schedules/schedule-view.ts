import type { Client, ScheduleDescription, ScheduleHandle, ScheduleSummary as TemporalScheduleSummary, WorkflowExecutionStatusName } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { z } from 'zod';
import { QUEUE_ATTRIBUTE, SUBMITTER_ATTRIBUTE, TASK_NAME_ATTRIBUTE } from '../../contract/search-attributes';
import { TASK_STATUSES, toTaskStatus, type TaskStatus } from '../../tasks/status';
import { latestStatuses } from '../tasks/latest-statuses';
import { overlapShown, SCHEDULE_CRON_MEMO, SCHEDULE_OVERLAPS_SHOWN } from './task-schedule';

/** How many upcoming run times a schedule shows. */
const NEXT_RUN_TIMES = 5;

const recentRun = z.object({
  task_id: z.string().describe('The run, an ordinary task: GET /tasks/{id}'),
  run_id: z.string(),
  scheduled_at: z.string().describe('The time the schedule (or a trigger) asked for'),
  started_at: z.string().describe('When Temporal started the run'),
  status: z
    .enum(TASK_STATUSES)
    .describe("The task's status, from Temporal visibility; for a run started a moment ago, not yet there, the schedule's own record (`running` even before a worker took it)"),
});

/** A row of GET /schedules: what Temporal's list of schedules holds, with no describe per schedule. */
export const scheduleSummary = z
  .object({
    schedule_id: z
      .string()
      .describe("The Temporal schedule id: a submitter's is `<submitter>:<the id it chose>`, and every /schedules/{id} route also takes the id it chose"),
    task_name: z.string().nullable().describe('The task type each run is'),
    queue: z.string().nullable(),
    submitter: z.string().nullable().describe('Who created the schedule; its runs are submitted in that name'),
    cron: z.array(z.string()).describe('The cron expressions as given (Temporal runs the task at each time any of them names, in UTC)'),
    paused: z.boolean(),
    note: z.string().nullable().describe('Why it is paused, or a note given at creation'),
    next_run_times: z.array(z.string()).describe(`The next (at most ${NEXT_RUN_TIMES}) times a run is due, earliest first; none while paused`),
    last_run_at: z.string().nullable().describe('When the schedule last started a run (a trigger too)'),
  })
  .describe('ScheduleSummary');

/** GET /schedules/{id}: a schedule as Temporal describes it. */
export const scheduleView = scheduleSummary
  .extend({
    overlap: z.enum(SCHEDULE_OVERLAPS_SHOWN).describe('What happens when a run is due while the previous one still runs'),
    parameters: z.record(z.string(), z.unknown()).nullable().describe("Each run's parameters, as validated (defaults applied) when the schedule was created"),
    created_at: z.string(),
    updated_at: z.string().nullable().describe('The last change: a pause or a resume, say'),
    runs_started: z.number().int().describe('Runs the schedule started so far, triggers included'),
    running_task_ids: z.array(z.string()).describe('Its runs still going'),
    recent_runs: z.array(recentRun).describe("Its latest runs (Temporal keeps the last 10), oldest first"),
  })
  .describe('Schedule');

export type ScheduleSummaryView = z.infer<typeof scheduleSummary>;
export type ScheduleView = z.infer<typeof scheduleView>;

/** The list row of one schedule from Temporal's list of schedules. */
export function summarizeSchedule(summary: TemporalScheduleSummary): ScheduleSummaryView {
  const attributes = summary.typedSearchAttributes;
  const last = summary.info.recentActions.at(-1);
  return {
    schedule_id: summary.scheduleId,
    task_name: attributes?.get(TASK_NAME_ATTRIBUTE) ?? summary.action?.workflowType ?? null,
    queue: attributes?.get(QUEUE_ATTRIBUTE) ?? null,
    submitter: attributes?.get(SUBMITTER_ATTRIBUTE) ?? null,
    cron: cronOf(summary.memo),
    paused: summary.state.paused,
    note: summary.state.note || null,
    next_run_times: nextRunTimes(summary.state.paused, summary.info.nextActionTimes),
    last_run_at: last?.takenAt.toISOString() ?? null,
  };
}

/** Everything the API says about one schedule, with its recent runs' statuses read from visibility. */
export async function describeSchedule(client: Client, description: ScheduleDescription): Promise<ScheduleView> {
  const runIds = description.info.recentActions.map((run) => run.action.workflow.workflowId);
  return viewSchedule(description, await latestStatuses(client, runIds));
}

/** Everything the API says about one schedule as it is now (after a change made through `handle`). */
export async function currentScheduleView(client: Client, handle: ScheduleHandle): Promise<ScheduleView> {
  return describeSchedule(client, await handle.describe());
}

/**
 * A schedule as the API shows it. `statuses` has its recent runs' statuses from visibility: the
 * schedule's own record of them is updated only now and then (a run long completed may still be
 * running there), so it serves only for a run visibility does not know yet.
 */
export function viewSchedule(description: ScheduleDescription, statuses: ReadonlyMap<string, TaskStatus>): ScheduleView {
  const { action, info, state } = description;
  const attributes = description.typedSearchAttributes;
  const [parameters] = action.args ?? [];
  const recorded = description.raw.info?.recentActions ?? [];
  const last = info.recentActions.at(-1);
  const recentRuns = info.recentActions.map((run, index) => ({
    task_id: run.action.workflow.workflowId,
    run_id: run.action.workflow.firstExecutionRunId,
    scheduled_at: run.scheduledAt.toISOString(),
    started_at: run.takenAt.toISOString(),
    // The SDK's decoded list keeps Temporal's order; the raw one carries the schedule's record of each run's status.
    status: statuses.get(run.action.workflow.workflowId) ?? runStatus(recorded[index]?.startWorkflowStatus),
  }));
  // Temporal lists a schedule's running actions only where its overlap policy needs them (never for
  // allow_all): the recent runs that are still going count too.
  const going = new Set(info.runningActions.map((running) => running.workflow.workflowId));
  for (const run of recentRuns) if (run.status === 'queued' || run.status === 'running') going.add(run.task_id);
  return {
    schedule_id: description.scheduleId,
    task_name: attributes.get(TASK_NAME_ATTRIBUTE) ?? action.workflowType,
    queue: action.taskQueue,
    submitter: attributes.get(SUBMITTER_ATTRIBUTE) ?? null,
    cron: cronOf(description.memo),
    paused: state.paused,
    note: state.note || null,
    next_run_times: nextRunTimes(state.paused, info.nextActionTimes),
    last_run_at: last?.takenAt.toISOString() ?? null,
    overlap: overlapShown(description.policies.overlap),
    parameters: isRecord(parameters) ? parameters : null,
    created_at: info.createdAt.toISOString(),
    updated_at: info.lastUpdatedAt?.toISOString() ?? null,
    runs_started: info.numActionsTaken,
    running_task_ids: [...going],
    recent_runs: recentRuns,
  };
}

function cronOf(memo: Record<string, unknown> | undefined): string[] {
  const cron = memo?.[SCHEDULE_CRON_MEMO];
  return Array.isArray(cron) ? cron.filter((expression): expression is string => typeof expression === 'string') : [];
}

/** Temporal still lists the times a paused schedule would run at: it runs none of them. */
function nextRunTimes(paused: boolean, times: Date[]): string[] {
  return paused ? [] : times.slice(0, NEXT_RUN_TIMES).map((time) => time.toISOString());
}

/** A run's status as Temporal's schedule records it (WORKFLOW_EXECUTION_STATUS_*), in Conveyor's words. */
function runStatus(status: temporal.api.enums.v1.WorkflowExecutionStatus | null | undefined): TaskStatus {
  const name = temporal.api.enums.v1.WorkflowExecutionStatus[status ?? 0] ?? 'WORKFLOW_EXECUTION_STATUS_UNSPECIFIED';
  return toTaskStatus(name.replace('WORKFLOW_EXECUTION_STATUS_', '') as WorkflowExecutionStatusName);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
