import {
  isCancellation,
  patched,
  upsertSearchAttributes,
  workflowInfo,
  type Next,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
} from '@temporalio/workflow';
import { TemporalFailure, type SearchAttributeUpdatePair } from '@temporalio/common';
import { failureTypeOf } from './failure-type';
import { refuseNonFiniteResult } from './finite-result';
import { concurrencyOf, runInSlot } from './task-slot';
import { FAILURE_TYPE_ATTRIBUTE, QUEUE_ATTRIBUTE, REVERSED_ID_ATTRIBUTE, reversedTaskId, STARTED_ATTRIBUTE, TASK_NAME_ATTRIBUTE } from './search-attributes';

/**
 * Conveyor's bookkeeping around every workflow: see `conveyorInterceptors`. This module holds no
 * state of its own, so a worker evaluates it once and shares it between executions; what is each
 * execution's own (the progress the `progress` query answers) comes in through `installHandlers`.
 */
export class TaskBookkeeping implements WorkflowInboundCallsInterceptor {
  constructor(
    /** The workflow types that are tasks; searched only for a task nobody recorded at start. */
    private readonly taskNames: readonly string[],
    /** Sets this execution's query handlers. */
    private readonly installHandlers: () => void,
  ) {}

  // Not `async` with an `await`: the SDK records a stack trace for every promise a workflow creates
  // (for Temporal's stack-trace query), and that makes two promises where `then` makes one
  // (bench/README.md, "Worker overhead").
  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    this.installHandlers();
    const isTask = this.isTask();
    const updates = isTask ? this.recordTask() : [];
    if (updates.length > 0) upsertSearchAttributes(updates);
    const outcome = isTask ? taskOutcome : finiteResult;
    // Only a task started with per-key concurrency does more: every other keeps today's commands (the replay test).
    const concurrency = concurrencyOf(workflowInfo().memo);
    if (concurrency) return runInSlot(concurrency, () => next(input)).then(outcome, failTask);
    return next(input).then(outcome, isTask ? failTask : undefined);
  }

  /** A task, not a child or helper workflow: Conveyor recorded its name at start, or its type is a task name. */
  private isTask(): boolean {
    const { workflowType, typedSearchAttributes: attributes } = workflowInfo();
    return attributes.get(TASK_NAME_ATTRIBUTE) !== undefined || this.taskNames.includes(workflowType);
  }

  private recordTask(): SearchAttributeUpdatePair[] {
    const { workflowId, workflowType, taskQueue, typedSearchAttributes: attributes } = workflowInfo();
    const recordedName = attributes.get(TASK_NAME_ATTRIBUTE);
    // A run that continued as new carries its attributes over: nothing to record again.
    if (attributes.get(STARTED_ATTRIBUTE) === true) return [];
    const updates: SearchAttributeUpdatePair[] = [{ key: STARTED_ATTRIBUTE, value: true }];
    if (recordedName === undefined) updates.push({ key: TASK_NAME_ATTRIBUTE, value: workflowType });
    if (attributes.get(QUEUE_ATTRIBUTE) === undefined) updates.push({ key: QUEUE_ATTRIBUTE, value: taskQueue });
    // Still the same single upsert as before the attribute existed: replaying older histories matches it.
    if (attributes.get(REVERSED_ID_ATTRIBUTE) === undefined) updates.push({ key: REVERSED_ID_ATTRIBUTE, value: reversedTaskId(workflowId) });
    return updates;
  }
}

/** The workflow's result, once it is known to hold no number JSON would turn into `null`. */
function finiteResult(result: unknown): unknown {
  refuseNonFiniteResult(result);
  return result;
}

/** A task's result, as `finiteResult`; a result it refuses fails the task like any failure. */
function taskOutcome(result: unknown): unknown {
  try {
    return finiteResult(result);
  } catch (error) {
    return failTask(error);
  }
}

/**
 * Records why a task fails (its failure type, in the search attribute bulk actions and the failures
 * view filter on) in the workflow task that fails it, and fails it. A cancellation is no failure;
 * any other error is not a TemporalFailure and fails the workflow task instead (the task is stuck,
 * and retried): nothing to record. Histories from before the attribute replay without it (`patched`).
 */
function failTask(error: unknown): never {
  if (error instanceof TemporalFailure && !isCancellation(error) && patched('conveyor-failure-type')) {
    upsertSearchAttributes([{ key: FAILURE_TYPE_ATTRIBUTE, value: failureTypeOf(error) ?? error.name }]);
  }
  throw error;
}
