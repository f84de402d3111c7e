import type { Duration, Priority, RetryPolicy, SearchAttributePair } from '@temporalio/common';
import { REVERSED_ID_ATTRIBUTE, reversedTaskId } from './search-attributes';

/**
 * Everything a task's workflow is started with, but its id: what `startTask` resolves from a
 * request, held as plain data so a run started later (by Conveyor's debounce workflow, as a child
 * workflow) gets exactly what a direct start would have given it. Workflow-safe.
 */
export interface TaskStartSpec {
  /** The task name: a task's workflow type is its name. */
  workflowType: string;
  taskQueue: string;
  /** The parsed parameters, as the one argument. */
  args: unknown[];
  workflowExecutionTimeout: Duration;
  retry: RetryPolicy;
  /** Priority key and fairness key (and weight); absent for Temporal's defaults. */
  priority?: Priority | undefined;
  memo?: Record<string, unknown> | undefined;
  /** Conveyor's attributes (task name, queue, submitter, ...) but the reversed id, which {@link withTaskId} adds. */
  typedSearchAttributes: SearchAttributePair[];
}

/** The options of a start of `spec` under `taskId`: the reversed id added, so the short id finds it before a worker takes it. */
export function withTaskId(spec: TaskStartSpec, taskId: string) {
  return {
    taskQueue: spec.taskQueue,
    args: spec.args,
    workflowExecutionTimeout: spec.workflowExecutionTimeout,
    retry: spec.retry,
    priority: spec.priority,
    memo: spec.memo,
    workflowId: taskId,
    typedSearchAttributes: [
      ...spec.typedSearchAttributes.filter((pair) => pair.key.name !== REVERSED_ID_ATTRIBUTE.name),
      { key: REVERSED_ID_ATTRIBUTE, value: reversedTaskId(taskId) },
    ],
  };
}
