import {
  CancellationScope,
  condition,
  ContinueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import type { SlotActivities } from '../builtin/slot-activities';
import { CONCURRENCY_MEMO, WAIT_REASON_MEMO, type ConcurrencyMemo, type WaitReason } from './flow-control';
import { slotGrantedSignal, slotReleaseSignal } from './slots';

/** The task's per-key concurrency, when it was started with one (its memo, written at start). */
export function concurrencyOf(memo: Record<string, unknown> | undefined): ConcurrencyMemo | undefined {
  const value = memo?.[CONCURRENCY_MEMO] as Partial<ConcurrencyMemo> | undefined;
  if (typeof value?.key !== 'string' || typeof value.limit !== 'number' || !(value.limit >= 1)) return undefined;
  return { key: value.key, limit: value.limit };
}

/**
 * Runs the task's workflow in a slot of its key's semaphore (src/builtin/workflows.ts): asks for
 * one, waits for it with the memo `conveyor_wait_reason: waiting_for_slot` while none is free, runs
 * `work`, and releases the slot however the work ends (completed, failed, cancelled; the release
 * cannot be cancelled). A run that continues as new keeps the slot: its next run asks again and the
 * semaphore, which still counts the task as a holder, grants it at once.
 */
export async function runInSlot(concurrency: ConcurrencyMemo, work: () => Promise<unknown>): Promise<unknown> {
  const { workflowId: taskId, runId: requestId, workflowType, taskQueue, startTime } = workflowInfo();
  let granted = false;
  setHandler(slotGrantedSignal, (grant) => {
    if (grant.requestId === requestId) granted = true;
  });
  const { conveyorRequestSlot } = proxyActivities<SlotActivities>({ startToCloseTimeout: '10 seconds' });
  // Not cancellable: once asked, the semaphore holds the request, and only knowing its id lets a cancelled task withdraw it.
  const { semaphoreId, holding } = await CancellationScope.nonCancellable(() =>
    conveyorRequestSlot({ taskName: workflowType, key: concurrency.key, limit: concurrency.limit, taskId, requestId, submittedAt: startTime.getTime(), queue: taskQueue }),
  );
  let keepSlot = false;
  let waiting = false;
  try {
    // A task that holds its slot already waits only for the grant on its way; one that waits says so while it does.
    if (!granted && !holding) {
      waiting = true;
      setWaitReason('waiting_for_slot');
    }
    if (!granted) await condition(() => granted);
    if (waiting) setWaitReason(null);
    waiting = false;
    return await work();
  } catch (error) {
    keepSlot = error instanceof ContinueAsNew;
    throw error;
  } finally {
    if (!keepSlot) await CancellationScope.nonCancellable(() => release(semaphoreId, taskId, requestId, waiting));
  }
}

async function release(semaphoreId: string, taskId: string, requestId: string, waiting: boolean): Promise<void> {
  if (waiting) setWaitReason(null); // cancelled while it waited
  try {
    await getExternalWorkflowHandle(semaphoreId).signal(slotReleaseSignal, { taskId, requestId });
  } catch (error) {
    // The semaphore is gone only if nobody held a slot: nothing to release.
    log.warn('could not release the slot', { semaphoreId, error: String(error) });
  }
}

function setWaitReason(reason: WaitReason | null): void {
  upsertMemo({ [WAIT_REASON_MEMO]: reason });
}
