import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { type temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Events read from the end of the history: the last worker's events are among the last few. */
const PAGE_SIZE = 20;

/**
 * The identity of the worker that last worked on the task: the one running its activity now, else
 * the one that last took its workflow or an activity of it, as the history's end records; `null`
 * while no worker has taken it.
 */
export async function lastWorkerIdentity(
  client: Client,
  description: Pick<WorkflowExecutionDescription, 'workflowId' | 'runId' | 'raw'>,
): Promise<string | null> {
  const working = (description.raw.pendingActivities ?? []).find((activity) => activity.lastWorkerIdentity);
  if (working?.lastWorkerIdentity) return working.lastWorkerIdentity;
  const page = await client.workflowService.getWorkflowExecutionHistoryReverse({
    namespace: client.options.namespace,
    execution: { workflowId: description.workflowId, runId: description.runId },
    maximumPageSize: PAGE_SIZE,
  });
  for (const event of page.history?.events ?? []) {
    const identity = identityOf(event);
    if (identity) return identity;
  }
  return null;
}

function identityOf(event: HistoryEvent): string | null | undefined {
  return (
    event.workflowTaskCompletedEventAttributes?.identity ||
    event.workflowTaskStartedEventAttributes?.identity ||
    event.activityTaskStartedEventAttributes?.identity ||
    event.activityTaskCompletedEventAttributes?.identity ||
    event.activityTaskFailedEventAttributes?.identity
  );
}
