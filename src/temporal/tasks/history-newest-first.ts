import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

/**
 * A run's history events from its end backwards, read a page of `pageSize` at a time only as far
 * as the caller looks (Temporal's reverse history read): what answers "the latest X" without
 * reading a long history from its start.
 */
export async function* historyNewestFirst(client: Client, workflowId: string, runId: string, pageSize: number): AsyncGenerator<temporal.api.history.v1.IHistoryEvent> {
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.getWorkflowExecutionHistoryReverse({
      namespace: client.options.namespace,
      execution: { workflowId, runId },
      maximumPageSize: pageSize,
      nextPageToken,
    });
    yield* page.history?.events ?? [];
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
}
