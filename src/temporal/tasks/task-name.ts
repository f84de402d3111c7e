import type { Client, WorkflowExecutionDescription, WorkflowExecutionInfo } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { TASK_NAME_ATTRIBUTE } from '../../contract/search-attributes';

/**
 * A task's name: the task name Conveyor records on it, at its start or, for a task started outside
 * Conveyor, once a worker runs it (the interceptor records its workflow type then). Null until
 * then, and for a workflow that is not a Conveyor task at all: what every list row and GET
 * /tasks/{id} answers as `task_name`.
 */
export function taskNameOf(execution: Pick<WorkflowExecutionInfo | WorkflowExecutionDescription, 'typedSearchAttributes'>): string | null {
  return execution.typedSearchAttributes.get(TASK_NAME_ATTRIBUTE) ?? null;
}

/** A raw visibility row's task name (its search attribute, decoded), else its workflow type. */
export function taskNameOfRow(client: Client, row: temporal.api.workflow.v1.IWorkflowExecutionInfo): string {
  const field = row.searchAttributes?.indexedFields?.[TASK_NAME_ATTRIBUTE.name];
  const recorded = field ? client.options.loadedDataConverter.payloadConverter.fromPayload(field) : undefined;
  return typeof recorded === 'string' ? recorded : (row.type?.name ?? '');
}
