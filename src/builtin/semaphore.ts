import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { slotGrantedSignal, slotReleaseSignal, slotRequestSignal, slotsQuery, type SemaphoreState, type SlotRequest } from '../contract/slots';
import type { SlotActivities } from './slot-activities';

const { conveyorEndedTasks } = proxyActivities<SlotActivities>({ startToCloseTimeout: '1 minute' });

/**
 * The semaphore of one task type and one key (per-key concurrency, docs/flow-control.md): grants
 * at most `limit` slots, to waiting tasks in submission order. Driven by signals only: a request
 * (signal-with-start, from the task's `conveyorRequestSlot` activity), a release (from the task,
 * when it ends in any way); it signals a grant to the task. It continues as new when its history
 * grows, carrying holders and waiters, and completes once nobody holds a slot or waits.
 */
export async function conveyorSemaphore(state: SemaphoreState): Promise<void> {
  let limit = state.limit;
  const holders = [...state.holders];
  const waiters = [...state.waiters];
  const { options } = state;
  /** Holders whose task asked again from a later run (continue-as-new, a retry): granted again. */
  const regrants: SlotRequest[] = [];
  let changed = false;

  setHandler(slotRequestSignal, (request) => {
    changed = true;
    limit = request.limit;
    const held = holders.findIndex((holder) => holder.taskId === request.taskId);
    if (held >= 0) {
      holders[held] = request; // the task keeps its slot across its runs
      regrants.push(request);
      return;
    }
    remove(waiters, (waiter) => waiter.taskId === request.taskId);
    const later = waiters.findIndex((waiter) => waiter.submittedAt > request.submittedAt);
    waiters.splice(later < 0 ? waiters.length : later, 0, request);
  });
  setHandler(slotReleaseSignal, (release) => {
    changed = true;
    const matches = (request: SlotRequest) => request.taskId === release.taskId && request.requestId === release.requestId;
    remove(holders, matches);
    remove(waiters, matches);
  });
  setHandler(slotsQuery, () => ({ limit, holders, waiters, options }));

  for (;;) {
    changed = false;
    const grants = regrants.splice(0);
    while (holders.length < limit && waiters.length > 0) {
      const next = waiters.shift() as SlotRequest;
      holders.push(next);
      grants.push(next);
    }
    for (const request of grants) {
      try {
        await getExternalWorkflowHandle(request.taskId).signal(slotGrantedSignal, { requestId: request.requestId });
      } catch (error) {
        // The task is gone (ended, terminated): its slot is free again.
        log.warn('slot granted to a task that is gone; freeing it', { taskId: request.taskId, error: String(error) });
        remove(holders, (holder) => holder.requestId === request.requestId);
        changed = true;
      }
    }
    if (changed) continue; // signals came in while granting
    if (holders.length === 0 && waiters.length === 0) break;
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= options.continueAfterEvents) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof conveyorSemaphore>({ limit, holders, waiters, options });
    }
    // Only a task that ended without releasing (terminated, timed out) holds a slot it no longer
    // uses: while others wait for one, check the holders now and then.
    if (waiters.length === 0) await condition(() => changed);
    else if (!(await condition(() => changed, options.holderCheckMs))) await freeEndedHolders(holders);
  }
  await condition(allHandlersFinished);
}

/** Frees the slots of holders whose task ended without releasing them. */
async function freeEndedHolders(holders: SlotRequest[]): Promise<void> {
  const checked = holders.map((holder) => ({ ...holder }));
  const ended = new Set(await conveyorEndedTasks(checked.map((holder) => holder.taskId)));
  for (const holder of checked) {
    if (!ended.has(holder.taskId)) continue;
    log.warn('freeing the slot of a task that ended without releasing it', { taskId: holder.taskId });
    // Only the run that was checked: a later run of the task may have asked again since.
    remove(holders, (current) => current.requestId === holder.requestId);
  }
}

function remove<T>(list: T[], matches: (item: T) => boolean): void {
  const index = list.findIndex(matches);
  if (index >= 0) list.splice(index, 1);
}

/** Debounced submits' windows (see debounce.ts). Its type is `DEBOUNCE_WORKFLOW_TYPE`. */
export { conveyorDebounce } from './debounce';
