import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * What a task of a type with per-key concurrency and its key's semaphore workflow say to each
 * other (docs/flow-control.md, "Concurrency per key"). Workflow-safe: definitions only.
 */

/** A task asking its key's semaphore for a slot (sent with signal-with-start, from an activity). */
export interface SlotRequest {
  /** The task's workflow id: one entry per task, whichever run of it asks. */
  taskId: string;
  /** The asking run's id: a grant or release for an earlier run of the task does not count for this one. */
  requestId: string;
  /** When the task was submitted (ms since the epoch): waiters are served in this order. */
  submittedAt: number;
  /** The task type's limit as this task was submitted with it; the latest request's limit applies. */
  limit: number;
}

/** A task giving its slot back, or withdrawing its request. */
export interface SlotRelease {
  taskId: string;
  requestId: string;
}

/** The slot a task asked for is its own: sent by the semaphore to the task (its latest run). */
export interface SlotGrant {
  requestId: string;
}

/** How a semaphore behaves; tests shorten both. */
export interface SemaphoreOptions {
  /** Continue as new once the history holds this many events (or when Temporal suggests it first). */
  continueAfterEvents: number;
  /**
   * While tasks wait and every slot is held, how often the semaphore checks that its holders still
   * run: a task terminated (or timed out) while holding a slot never releases it.
   */
  holderCheckMs: number;
}

/** A semaphore's whole state: its argument when it starts, and when it continues as new. */
export interface SemaphoreState {
  limit: number;
  /** Tasks holding a slot, in the order they got it. */
  holders: SlotRequest[];
  /** Tasks waiting for a slot, in submission order. */
  waiters: SlotRequest[];
  options: SemaphoreOptions;
}

export const DEFAULT_SEMAPHORE_OPTIONS: SemaphoreOptions = { continueAfterEvents: 2_000, holderCheckMs: 60_000 };

/** The workflow type of the semaphores (an export of src/builtin/workflows.ts). */
export const SEMAPHORE_WORKFLOW_TYPE = 'conveyorSemaphore';

export const slotRequestSignal = defineSignal<[SlotRequest]>('conveyor_slot_request');
export const slotReleaseSignal = defineSignal<[SlotRelease]>('conveyor_slot_release');
export const slotGrantedSignal = defineSignal<[SlotGrant]>('conveyor_slot_granted');
/** A semaphore answers with its state: who holds a slot, who waits. */
export const slotsQuery = defineQuery<SemaphoreState>('conveyor_slots');
