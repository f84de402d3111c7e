import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
// The SDK's own decoder (codecs, then the payload converter), as the client decodes a workflow's result.
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';

/**
 * The parameters a task was submitted with: the input of its first run (a task that continued as
 * new keeps the id and the submission; later runs carry the state it handed on). One history
 * event is read.
 */
export async function readTaskParameters(
  client: Client,
  description: Pick<WorkflowExecutionDescription, 'workflowId' | 'runId' | 'raw'>,
): Promise<Record<string, unknown> | null> {
  const runId = description.raw.workflowExecutionInfo?.firstRunId || description.runId;
  const page = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId: description.workflowId, runId },
    maximumPageSize: 1,
  });
  const payloads = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
  if (!payloads?.length) return null;
  try {
    const parameters = await decodeFromPayloadsAtIndex<unknown>(client.options.loadedDataConverter, 0, payloads);
    return isRecord(parameters) ? parameters : null;
  } catch {
    return null; // input another client wrote, in an encoding this one cannot read
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
