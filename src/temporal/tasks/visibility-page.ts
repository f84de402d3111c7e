import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

type WorkflowService = Client['workflowService'];
type RawExecution = temporal.api.workflow.v1.IWorkflowExecutionInfo;

/** The most rows one visibility read returns (Temporal's `frontend.visibilityMaxPageSize` default). */
export const VISIBILITY_READ_MAX = 1000;

/**
 * The deepest `offset` GET /tasks serves. Visibility has no offset: reaching row N reads every row
 * before it, in reads of {@link VISIBILITY_READ_MAX}, so this bounds a request to 11 reads.
 */
export const MAX_OFFSET = 10_000;

/** Where a page starts: after a page token visibility handed out, or after skipping `offset` rows. */
export type PageStart = { pageToken: Uint8Array } | { offset: number };

export interface VisibilityPage {
  rows: RawExecution[];
  /** Visibility's token for the row after the page; absent when the last read came back short (no more rows). */
  nextPageToken: Uint8Array | undefined;
}

/**
 * One page of `query`'s rows, in visibility's own order. From an offset, it reads the rows before
 * the page too, in reads sized so the last one ends exactly at `offset + limit`: its page token is
 * then a valid cursor for the row after the page, as in cursor paging.
 */
export async function readVisibilityPage(
  service: WorkflowService,
  namespace: string,
  query: string,
  limit: number,
  start: PageStart,
): Promise<VisibilityPage> {
  if ('pageToken' in start) {
    const page = await service.listWorkflowExecutions({ namespace, query, pageSize: limit, nextPageToken: start.pageToken });
    return { rows: page.executions ?? [], nextPageToken: tokenOf(page.nextPageToken) };
  }
  const end = start.offset + limit;
  const rows: RawExecution[] = [];
  let nextPageToken: Uint8Array | undefined;
  let read = 0;
  do {
    // The first read takes the remainder, every later one a full read: the last read ends at `end`.
    const pageSize = (end - read) % VISIBILITY_READ_MAX || VISIBILITY_READ_MAX;
    const page = await service.listWorkflowExecutions({ namespace, query, pageSize, nextPageToken });
    const executions = page.executions ?? [];
    rows.push(...executions.slice(Math.max(0, start.offset - read)));
    read += executions.length;
    nextPageToken = tokenOf(page.nextPageToken);
    // A server with a smaller page maximum answers short reads with a token: reading on stays exact.
    if (executions.length === 0) nextPageToken = undefined;
  } while (nextPageToken && read < end);
  return { rows, nextPageToken };
}

function tokenOf(token: Uint8Array | null | undefined): Uint8Array | undefined {
  return token && token.length > 0 ? token : undefined;
}
