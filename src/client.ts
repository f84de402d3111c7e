/**
 * `conveyor/client`: a typed client over the Task API, for application code.
 *
 * ```ts
 * import { createClient } from 'conveyor/client';
 * import type { greet } from './conveyor.config';
 *
 * const client = createClient({ url: 'http://127.0.0.1:8000', apiKey: process.env.CONVEYOR_API_KEY });
 * const task = await client.submit<typeof greet>('greet', { name: 'Ada' });
 * const { text } = await task.result();
 * ```
 */
export { createClient } from './client/create-client';
export type { BatchRequest, CancelOptions, ClientOptions, ConveyorClient, DebounceOptions, DebouncedTask, ListFilter, QueueLimitsChange, TaskFilter, ResetOptions, ResultOptions, RetryOptions, ReviewDecision, SubmitOptions, SubmittedTask, TaskHandle } from './client/create-client';
export type { CreateScheduleOptions, ScheduleClient, ScheduleListFilter, ScheduleOverlap } from './client/schedules';
export { ConveyorApiError, ConveyorUnreachableError, TaskDebouncedError, TaskFailedError, TaskNotFinishedError } from './client/errors';
export type { DurationInput } from './duration';
export type {
  BatchCount,
  BatchJob,
  BatchStarted,
  CancelAnswer,
  FailuresAnswer,
  DebouncedAnswer,
  FailureSummary,
  Progress,
  QueueFlow,
  QueueWorkers,
  ResetAnswer,
  ResultAnswer,
  RetryAnswer,
  ReviewAnswer,
  ScheduleActionAnswer,
  ScheduleDetail,
  SchedulePage,
  ScheduleSummary,
  SubmitAnswer,
  TaskDetail,
  TaskEvent,
  TaskPage,
  TaskStatus,
  TaskSummary,
  TaskType,
  WorkflowTaskFailure,
} from './client/answers';
export { TASK_STATUSES, WORKFLOW_TASK_FAILING_STAGE, isTerminal } from './tasks/status';
export type { TaskName, TaskParams, TaskResult } from './tasks/define-task';
