import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { z } from 'zod';
import { dateOf } from '../timestamp';
import { historyNewestFirst } from './history-newest-first';

const { EventType, WorkflowTaskFailedCause } = temporal.api.enums.v1;

/** Memo key of a task started by POST /tasks/{id}/retry: the id of the task it retries. */
export const RETRY_OF_MEMO = 'conveyor_retry_of';

export const resetFrom = z
  .object({
    run_id: z.string().describe('The run this one replaced (Temporal keeps it and its history, and links it to this run)'),
    reason: z.string().describe('Why, as Temporal recorded it: who reset it, and their reason'),
    reset_at: z.string().nullable(),
  })
  .describe('How this run began: reset from an earlier run of the task (POST /tasks/{id}/reset)');
export type ResetFrom = z.infer<typeof resetFrom>;

/** Events read per page, from the end of a reset run's history back to the reset. */
const PAGE_SIZE = 200;
/** Reset origins remembered (a run's never changes): a reset task's page reloads read it once. */
const CACHE_SIZE = 1000;
const origins = new Map<string, ResetFrom | null>();

/**
 * The run a reset run was reset from, with the reason and time of the reset; null for a run that
 * no reset began. Temporal marks a reset run (`last_reset_time`) and records the reset in its
 * history, as a workflow task failed with cause `RESET_WORKFLOW` naming the base run: only a
 * reset run's history is read, from its end back to that event, once per run.
 */
export async function resetOriginOf(client: Client, description: Pick<WorkflowExecutionDescription, 'workflowId' | 'runId' | 'raw'>): Promise<ResetFrom | null> {
  if (!description.raw.workflowExtendedInfo?.lastResetTime) return null;
  const known = origins.get(description.runId);
  if (known !== undefined) return known;
  const origin = await readResetOrigin(client, description.workflowId, description.runId);
  if (origins.size >= CACHE_SIZE) origins.delete(origins.keys().next().value as string);
  origins.set(description.runId, origin);
  return origin;
}

async function readResetOrigin(client: Client, workflowId: string, runId: string): Promise<ResetFrom | null> {
  for await (const event of historyNewestFirst(client, workflowId, runId, PAGE_SIZE)) {
    const failed = event.workflowTaskFailedEventAttributes;
    // The newest reset mark naming this run: a run reset from a reset run also holds the earlier one's.
    if (event.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED || failed?.cause !== WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW) continue;
    if (failed.newRunId !== runId || !failed.baseRunId) continue;
    return { run_id: failed.baseRunId, reason: failed.failure?.message ?? '', reset_at: dateOf(event.eventTime)?.toISOString() ?? null };
  }
  return null;
}

/** The task a retry retries (its memo), or null. */
export function retryOfTask(description: Pick<WorkflowExecutionDescription, 'memo'>): string | null {
  const value = (description.memo as Record<string, unknown> | undefined)?.[RETRY_OF_MEMO];
  return typeof value === 'string' ? value : null;
}
