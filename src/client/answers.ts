import type { z } from 'zod';
import type { batchCount, batchJob, batchStarted } from '../api/schemas/batch';
import type { cancelAnswer } from '../api/schemas/cancel';
import type { failuresAnswer } from '../api/schemas/failures';
import type { resultAnswer } from '../api/schemas/result';
import type { resetAnswer, retryAnswer } from '../api/schemas/retry';
import type { reviewAnswer } from '../api/schemas/review';
import type { scheduleActionAnswer, schedulePage, scheduleSummary, scheduleView } from '../api/schemas/schedule';
import type { debouncedAnswer, submitAnswer } from '../api/schemas/submit';
import type { taskEvent, taskSummary, taskView } from '../api/schemas/task';
import type { taskPage } from '../api/schemas/task-page';
import type { taskType } from '../api/schemas/task-type';
import type { queueWorkers } from '../api/schemas/workers';
import type { queueView } from '../api/schemas/queues';
import type { Progress } from '../contract/progress';
import type { TaskStatus } from '../tasks/status';
import type { FailureSummary } from '../temporal/tasks/failure-summary';
import type { WorkflowTaskFailure } from '../temporal/tasks/workflow-task-failure';

/**
 * The shapes of the Task API's answers (see its OpenAPI document at /openapi.json), derived from
 * the schemas the API answers with (src/api/schemas/): one definition of what the API sends. Type
 * imports only, so the client carries no schema at run time.
 */

export type { FailureSummary, Progress, TaskStatus, WorkflowTaskFailure };

/** `GET /tasks/{id}`: one task's status, progress, timings, attempts, pending activities and failure. */
export type TaskDetail = z.infer<typeof taskView>;

/** One row of `GET /tasks`. */
export type TaskSummary = z.infer<typeof taskSummary>;

/** `GET /tasks`. */
export type TaskPage = z.infer<typeof taskPage>;

/** `POST /tasks`: the task just submitted (201), or the one an idempotent repeat found (200). */
export type SubmitAnswer = z.infer<typeof submitAnswer>;

/** `POST /tasks` with a debounce (202): the task that will run once its window closes, and when at the earliest. */
export type DebouncedAnswer = z.infer<typeof debouncedAnswer>;

/** `GET /tasks/{id}/result`: 200 once the task ended, 202 (status only) while it runs. */
export type ResultAnswer = z.infer<typeof resultAnswer>;

/** `POST /tasks/{id}/cancel`. */
export type CancelAnswer = z.infer<typeof cancelAnswer>;

/** `GET /failures`: failed, timed-out and stuck tasks grouped by task type and failure type. */
export type FailuresAnswer = z.infer<typeof failuresAnswer>;

/** `POST /tasks/batch` with `dry_run`: how many tasks the action would touch now. */
export type BatchCount = z.infer<typeof batchCount>;

/** `POST /tasks/batch`: the job started (202); follow it with `batchJob(job_id)`. */
export type BatchStarted = z.infer<typeof batchStarted>;

/** `GET /tasks/batch/{job_id}`: a bulk job's progress. */
export type BatchJob = z.infer<typeof batchJob>;

/** `POST /tasks/{id}/reset`: the task's new run, reset to the workflow task before its first failure. */
export type ResetAnswer = z.infer<typeof resetAnswer>;

/** `POST /tasks/{id}/retry`: the new task (201), which names the one it retries. */
export type RetryAnswer = z.infer<typeof retryAnswer>;

/** `POST /tasks/{id}/review`: the task accepted the decision (the first decision wins; a later one is 409 `not_awaiting_review`). */
export type ReviewAnswer = z.infer<typeof reviewAnswer>;

/** The data of a `GET /tasks/{id}/events` event; `workflow_task_failure` is set while a worker keeps failing the task's workflow task. */
export type TaskEvent = z.infer<typeof taskEvent>;

/** One entry of `GET /tasks/types`. */
export type TaskType = z.infer<typeof taskType>;

/** One queue of `GET /workers`: the workers polling it, as Temporal sees them. */
export type QueueWorkers = z.infer<typeof queueWorkers>;

/** One queue of `GET /queues`: its rate limits declared and applied, fairness weights, drift and backlog per fairness key. */
export type QueueFlow = z.infer<typeof queueView>;

/** `GET /schedules/{id}` (and the answer of creating, pausing or resuming one): a schedule, its next run times and recent runs. */
export type ScheduleDetail = z.infer<typeof scheduleView>;

/** One row of `GET /schedules`. */
export type ScheduleSummary = z.infer<typeof scheduleSummary>;

/** `GET /schedules`. */
export type SchedulePage = z.infer<typeof schedulePage>;

/** `POST /schedules/{id}/trigger` (202) and `DELETE /schedules/{id}`. */
export type ScheduleActionAnswer = z.infer<typeof scheduleActionAnswer>;
