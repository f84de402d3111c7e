import { createHash } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { isGrpcServiceError, ServiceError, WithStartWorkflowOperation, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { msToNumber } from '@temporalio/common';
import { DEBOUNCE_WORKFLOW_TYPE, debounceSubmitUpdate, type DebounceAnswer, type DebounceSubmit } from '../../contract/debounce';
import type { TaskStartSpec } from '../../contract/task-start-spec';
import type { Debounce } from '../../tasks/define-task';
import type { conveyorDebounce } from '../../builtin/debounce';

/** What `startTask` resolved for a debounced submit. */
export interface DebouncedStart {
  /** How the run starts (workflow type = task name, queue, parameters, timeouts, retry, priority, memo, attributes). */
  spec: TaskStartSpec;
  /** The caller's name: windows are the submitter's own, as idempotency keys are. */
  submitter: string;
  /** The task type's key for these parameters (`key(params)`, else the fairness key). */
  key: string;
  windowMs: number;
  maxWaitMs?: number | undefined;
  /** How long to wait for a worker on the queue to answer (the task id comes from the window). Default {@link DEBOUNCE_ANSWER_DEADLINE_MS}. */
  answerDeadlineMs?: number | undefined;
}

/** A debounced submit's answer: the task that will run it. */
export interface DebouncedTask {
  taskId: string;
  /** ISO time: the earliest the run starts (a later submit may move it, never past `maxWait` after the first). */
  runsAt: string;
  /** How many submits the window has collapsed so far, this one included. */
  submits: number;
}

/** Waiting longer for a worker than this is a worker missing: the submit fails (Temporal's deadline error) instead of hanging. */
export const DEBOUNCE_ANSWER_DEADLINE_MS = 10_000;

/** How often a submit that met its window's workflow ending is sent again (each time it opens a new window). */
const CLOSED_WINDOW_RETRIES = 5;

/** A task type's debounce option in milliseconds (checked at load by checkFlowControl). */
export function debounceMs(debounce: Debounce): { windowMs: number; maxWaitMs: number | undefined } {
  return { windowMs: msToNumber(debounce.window), maxWaitMs: debounce.maxWait === undefined ? undefined : msToNumber(debounce.maxWait) };
}

/**
 * Adds a submit to its window: the window's workflow (one per task type, submitter and key, started
 * by this submit if none is open: Update-with-Start) keeps the last parameters and answers with the
 * task id that will run them. The run starts once `windowMs` passes without another submit, or
 * `maxWaitMs` after the window's first, as an ordinary task started from `spec`.
 *
 * No submit is lost: one the server admits while the window's workflow continues as new lands in
 * the new run, and one it admits while the workflow ends, unseen, opens the next window: Temporal
 * retries an Update-with-Start that met its workflow closing (the dev server does, and the test
 * shows it). A server that does not answers "already completed" (NOT_FOUND) or ABORTED instead;
 * the submit is sent again here then.
 */
export async function debounceTask(client: Client, start: DebouncedStart): Promise<DebouncedTask> {
  const { spec, submitter, key } = start;
  const windowId = debounceWindowId(spec.workflowType, submitter, key);
  const submit: DebounceSubmit = { spec, taskIdPrefix: debouncedTaskIdPrefix(windowId), windowMs: start.windowMs, maxWaitMs: start.maxWaitMs, submitter };
  const deadline = Date.now() + (start.answerDeadlineMs ?? DEBOUNCE_ANSWER_DEADLINE_MS);
  for (let attempt = 1; ; attempt++) {
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof conveyorDebounce>(DEBOUNCE_WORKFLOW_TYPE, {
      workflowId: windowId,
      // A worker of the run's queue runs Conveyor's built-in workflows, this one too.
      taskQueue: spec.taskQueue,
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [],
    });
    try {
      const answer: DebounceAnswer = await client.connection.withDeadline(deadline, () =>
        client.workflow.executeUpdateWithStart(debounceSubmitUpdate, { args: [submit], startWorkflowOperation }),
      );
      return answer;
    } catch (error) {
      if (attempt > CLOSED_WINDOW_RETRIES || !endedUnderIt(error)) throw error;
    }
  }
}

/**
 * A server's answer to an update it admitted while the workflow completed, or while the workflow
 * task carrying it failed (a loaded worker's task timing out, say: Temporal's WorkflowNotReady):
 * the update was never accepted, so sending it again is safe.
 */
function endedUnderIt(error: unknown): boolean {
  if (error instanceof WorkflowNotFoundError) return true;
  const grpc = error instanceof ServiceError ? error.cause : error;
  if (!isGrpcServiceError(grpc)) return false;
  if (grpc.code === status.NOT_FOUND || grpc.code === status.ABORTED) return true;
  return grpc.code === status.FAILED_PRECONDITION && grpc.details.includes(WORKFLOW_TASK_FAILED_UNDER_UPDATE);
}

/** Temporal's message (serviceerror.WorkflowNotReady) for an update aborted because the workflow task carrying it failed. */
const WORKFLOW_TASK_FAILED_UNDER_UPDATE = 'due to unexpected workflow task failure';

/** Prefix of every debounce window's workflow id. */
const WINDOW_ID_PREFIX = 'conveyor-debounce-';
/** What a debounced task id says after the task name: the window's hash, then the run's uuid. */
const DEBOUNCED_TASK_ID = /^(.+)-debounce-([0-9a-f]{32})-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The workflow id of the debounce window of a task type, submitter and key: a hash of the three
 * (a key may be long, or hold anything), after the task name for whoever reads Temporal's UI.
 */
export function debounceWindowId(taskName: string, submitter: string, key: string): string {
  const hash = createHash('sha256').update(`${taskName}\0${submitter}\0${key}`).digest('hex').slice(0, 32);
  return `${WINDOW_ID_PREFIX}${taskName}-${hash}`;
}

/** The start of the task ids a window hands out (`<task>-debounce-<hash>`; the window appends a uuid). */
function debouncedTaskIdPrefix(windowId: string): string {
  const rest = windowId.slice(WINDOW_ID_PREFIX.length);
  const split = rest.length - 33; // `-` and the 32-character hash
  return `${rest.slice(0, split)}-debounce-${rest.slice(split + 1)}`;
}

/** The window a debounced task id came from, or undefined for any other id. */
export function debounceWindowOf(taskId: string): string | undefined {
  const match = DEBOUNCED_TASK_ID.exec(taskId);
  return match ? `${WINDOW_ID_PREFIX}${match[1]}-${match[2]}` : undefined;
}
