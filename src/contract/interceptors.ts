import {
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type Next,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { refuseNonFiniteResult } from './finite-result';
import { currentProgress, progressQuery } from './progress';
import { QUEUE_ATTRIBUTE, REVERSED_ID_ATTRIBUTE, reversedTaskId, STARTED_ATTRIBUTE, TASK_NAME_ATTRIBUTE } from './search-attributes';

/**
 * Conveyor's bookkeeping, done for every workflow so that the workflow author writes none of it:
 *  - the `progress` query, answered from the state `setProgress` keeps;
 *  - for a task (a workflow Conveyor started, or one whose workflow type is a registered task
 *    name, whoever started it), one search-attribute update on its first run: started (no longer
 *    `queued`), plus its task name, queue and reversed id when nobody recorded them at start, so a
 *    task started through Temporal directly (the `temporal` CLI, another SDK) appears in the API,
 *    and resolves by the end of its id, like any other;
 *  - a result holding NaN or ±Infinity fails the workflow (`NonFiniteResult`, non-retryable)
 *    instead of completing with `null` where the number was.
 */
export function conveyorInterceptors(taskNames: readonly string[]): WorkflowInterceptors {
  return { inbound: [new TaskBookkeeping(new Set(taskNames))] };
}

/** For workers Conveyor does not generate (tests, a hand-written worker): tasks Conveyor started. */
export const interceptors = (): WorkflowInterceptors => conveyorInterceptors([]);

class TaskBookkeeping implements WorkflowInboundCallsInterceptor {
  constructor(private readonly taskNames: ReadonlySet<string>) {}

  async execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    setHandler(progressQuery, currentProgress);
    const updates = this.recordTask();
    if (updates.length > 0) upsertSearchAttributes(updates);
    const result = await next(input);
    refuseNonFiniteResult(result);
    return result;
  }

  private recordTask(): SearchAttributeUpdatePair[] {
    const { workflowId, workflowType, taskQueue, typedSearchAttributes: attributes } = workflowInfo();
    const recordedName = attributes.get(TASK_NAME_ATTRIBUTE);
    if (recordedName === undefined && !this.taskNames.has(workflowType)) return []; // a child or helper workflow, not a task
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
