import { type Client, type WorkflowExecutionDescription, type WorkflowHandle } from '@temporalio/client';
import { dateOf } from '../timestamp';
import { temporal } from '@temporalio/proto';
import { z } from 'zod';
import { isTerminal, TASK_STATUSES, toTaskStatus, WORKFLOW_TASK_FAILING_STAGE, type TaskStatus } from '../../tasks/status';
import { endedOutcome } from './await-outcome';
import { QUEUE_ATTRIBUTE, SCHEDULED_BY_ATTRIBUTE, SUBMITTER_ATTRIBUTE } from '../../contract/search-attributes';
import { effectivePriority, PRIORITY_DEFAULT, PRIORITY_HIGHEST, PRIORITY_LOWEST } from '../../tasks/priority';
import { runningProgress } from './task-progress';
import { workerHasTaken } from './task-started';
import { failingProgress, readWorkflowTaskFailure } from './workflow-task-failure';
import { lastWorkerIdentity } from './last-worker';
import { readTaskParameters } from './task-parameters';
import { humanDuration } from '../../human-duration';
import { taskNameOf } from './task-name';
import { waitReasonOf } from './wait-reason';
import { resetFrom, resetOriginOf, retryOfTask } from './run-links';
import { traceIdOf } from './trace-id';

/** How much of a task id `short_id` keeps: its end, where generated ids are random. */
const SHORT_ID_LENGTH = 12;

/** The end of a task id that people read and type; every /tasks/{id} route takes it in place of the id. */
export function shortTaskId(taskId: string): string {
  return taskId.slice(-SHORT_ID_LENGTH);
}

const progressBody = z.object({
  percent: z.number(),
  stage: z.string(),
  message: z.string().optional(),
  draft: z.unknown().optional().describe('While the stage is awaiting_review: what the reviewer decides on (POST /tasks/{id}/review)'),
  deadline: z.string().optional().describe('While the stage is awaiting_review: when waiting for a decision ends (ISO 8601)'),
  on_timeout: z.enum(['approve', 'reject', 'fail']).optional().describe('While the stage is awaiting_review: what happens if nobody decides by the deadline'),
});
const failureBody = z.object({ type: z.string(), message: z.string(), causes: z.array(z.object({ type: z.string(), message: z.string() })) });

export const taskView = z
  .object({
    task_id: z.string(),
    short_id: z.string().describe(`The last ${SHORT_ID_LENGTH} characters of task_id; every /tasks/{id} route accepts it (or any unique prefix or suffix of the id)`),
    run_id: z.string(),
    task_name: z.string().nullable(),
    status: z.enum(TASK_STATUSES),
    queue: z.string(),
    priority: z
      .number()
      .int()
      .describe(`The priority key the task runs with, ${PRIORITY_HIGHEST} (first) to ${PRIORITY_LOWEST}: the one it was submitted with, else Temporal's default ${PRIORITY_DEFAULT}`),
    fairness_key: z
      .string()
      .nullable()
      .describe("The fairness key it takes its share of the queue under (docs/flow-control.md); null for a task started without one, outside Conveyor"),
    wait_reason: z
      .enum(['waiting_for_slot', 'rate_limited', 'debouncing'])
      .nullable()
      .describe(
        'Why the task waits, while it does: `waiting_for_slot` (its per-key concurrency is taken), `rate_limited` (a step waits under its queue\'s rate limit), ' +
          '`debouncing` (more submits with its key may still replace its parameters); null otherwise',
      ),
    runs_at: z.string().optional().describe('While it waits out its debounce window: the earliest it starts (ISO 8601)'),
    submits: z.number().optional().describe('While it waits out its debounce window: how many submits the window has collapsed so far'),
    submitter: z.string().nullable(),
    schedule_id: z.string().nullable().describe('The schedule that started this task (GET /schedules/{id}); null for a task submitted otherwise'),
    parameters: z.record(z.string(), z.unknown()).nullable().describe('The parameters the task was submitted with (null if another client wrote them in an encoding this API cannot read)'),
    worker: z
      .string()
      .nullable()
      .describe('Identity of the worker that last worked on the task (`pid@hostname`); null while no worker has taken it, and for callers who may not read GET /workers (admins only by default)'),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    duration_ms: z.number().nullable(),
    duration: z.string().nullable().describe('Human form, e.g. "5m 30s"'),
    attempts: z.number().describe("Attempt of the step under way (1 unless it is being retried; the workflow task's attempt while it fails)"),
    pending_activities: z.array(
      z.object({
        activity_type: z.string(),
        state: z.string(),
        attempt: z.number(),
        last_heartbeat_at: z.string().nullable(),
        last_worker: z.string().nullable().describe('As `worker`: null for callers who may not read GET /workers'),
      }),
    ),
    progress: progressBody.nullable(),
    workflow_task_failure: z
      .object({
        attempt: z.number(),
        cause: z.string().describe("Temporal's cause, e.g. workflow_worker_unhandled_failure, non_deterministic_error, timed_out"),
        failure: failureBody.describe('The first failure of these attempts (Temporal records that one)'),
        failed_at: z.string().nullable(),
      })
      .nullable()
      .describe(`Set while a worker keeps failing the task's workflow task (progress stage \`${WORKFLOW_TASK_FAILING_STAGE}\`): Temporal retries it until the worker or the workflow code is fixed`),
    failure: failureBody.nullable(),
    result_available: z.boolean(),
    reset_from: resetFrom
      .nullable()
      .describe("Set when this run was reset from an earlier one (POST /tasks/{id}/reset): the task keeps its id and this is its latest run; null otherwise"),
    retry_of: z.string().nullable().describe('The task this one retries, with new or the same parameters (POST /tasks/{id}/retry); null otherwise'),
    trace_id: z
      .string()
      .nullable()
      .describe("The OpenTelemetry trace of its submit, its workflow and its activities, when the API traced it (OTEL_EXPORTER_OTLP_ENDPOINT set, the submit sampled); null otherwise"),
  })
  .describe('Task');

export type TaskView = z.infer<typeof taskView>;

/** Status of a described execution; `queued` until a worker has taken its first workflow task. */
export function statusOf(description: Pick<WorkflowExecutionDescription, 'status' | 'typedSearchAttributes' | 'raw'>): TaskStatus {
  return toTaskStatus(description.status.name, workerHasTaken(description));
}

/**
 * Everything the API says about one task: its latest run (continue-as-new is one task). Worker
 * identities name hosts and processes: with `showWorkers` false they are null (and not read).
 */
export async function viewTask(
  client: Client,
  handle: WorkflowHandle,
  description: WorkflowExecutionDescription,
  showWorkers: boolean,
  declaresRateLimit = false,
): Promise<TaskView> {
  const status = statusOf(description);
  const attributes = description.typedSearchAttributes;
  const finished = description.closeTime;
  const started = description.executionTime ?? description.startTime;
  const durationMs = finished ? finished.getTime() - started.getTime() : null;
  const pending = description.raw.pendingActivities ?? [];
  const [state, parameters, worker, resetOrigin] = await Promise.all([
    taskState(client, handle, description),
    readTaskParameters(client, description),
    status === 'queued' || !showWorkers ? null : lastWorkerIdentity(client, description),
    resetOriginOf(client, description),
  ]);
  return {
    task_id: description.workflowId,
    short_id: shortTaskId(description.workflowId),
    run_id: description.runId,
    task_name: taskNameOf(description),
    status,
    queue: attributes.get(QUEUE_ATTRIBUTE) ?? description.taskQueue,
    priority: effectivePriority(description.raw.workflowExecutionInfo?.priority),
    fairness_key: description.raw.workflowExecutionInfo?.priority?.fairnessKey || null,
    wait_reason: waitReasonOf(description, status, declaresRateLimit),
    submitter: attributes.get(SUBMITTER_ATTRIBUTE) ?? null,
    schedule_id: attributes.get(SCHEDULED_BY_ATTRIBUTE) ?? null,
    parameters,
    worker,
    created_at: description.startTime.toISOString(),
    started_at: status === 'queued' ? null : started.toISOString(),
    finished_at: finished?.toISOString() ?? null,
    duration_ms: durationMs,
    duration: durationMs === null ? null : humanDuration(durationMs),
    attempts: state.workflow_task_failure?.attempt ?? Math.max(1, ...pending.map((a) => a.attempt ?? 1)),
    pending_activities: pending.map((activity) => ({
      activity_type: activity.activityType?.name ?? 'unknown',
      state: pendingActivityState(activity.state),
      attempt: activity.attempt ?? 1,
      last_heartbeat_at: dateOf(activity.lastHeartbeatTime)?.toISOString() ?? null,
      last_worker: showWorkers ? activity.lastWorkerIdentity || null : null,
    })),
    progress: state.progress,
    workflow_task_failure: state.workflow_task_failure,
    failure: state.failure,
    result_available: status === 'completed',
    reset_from: resetOrigin,
    retry_of: retryOfTask(description),
    trace_id: traceIdOf(description),
  };
}

/** What changes while a task runs: what a live stream follows, without the reads that never change. */
export type TaskState = Pick<TaskView, 'task_id' | 'status' | 'progress' | 'workflow_task_failure' | 'failure'>;

export async function taskState(client: Client, handle: WorkflowHandle, description: WorkflowExecutionDescription): Promise<TaskState> {
  const status = statusOf(description);
  const failing = status === 'running' ? await readWorkflowTaskFailure(client, description) : undefined;
  return {
    task_id: description.workflowId,
    status,
    progress: failing ? failingProgress(failing) : await progressOf(client, handle, description, status),
    workflow_task_failure: failing ?? null,
    failure: isTerminal(status) && status !== 'completed' ? ((await endedOutcome(handle)).failure ?? null) : null,
  };
}

/** `started`, `scheduled`, `cancel_requested`, ... from Temporal's PENDING_ACTIVITY_STATE_* enum. */
function pendingActivityState(state: temporal.api.enums.v1.PendingActivityState | null | undefined): string {
  const name = temporal.api.enums.v1.PendingActivityState[state ?? 0] ?? 'PENDING_ACTIVITY_STATE_UNSPECIFIED';
  return name.replace('PENDING_ACTIVITY_STATE_', '').toLowerCase();
}

async function progressOf(client: Client, handle: WorkflowHandle, description: WorkflowExecutionDescription, status: TaskStatus): Promise<TaskView['progress']> {
  if (status === 'completed') return { percent: 100, stage: 'completed' };
  if (status !== 'running') return null;
  return runningProgress(client, handle, description);
}
