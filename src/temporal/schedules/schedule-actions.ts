import type { Client } from '@temporalio/client';
import type { Caller } from '../caller';
import type { LoadedSchedule } from './load-schedule';
import { currentScheduleView, type ScheduleView } from './schedule-view';

/**
 * Pauses a schedule (no run starts until it is resumed; runs under way go on) or resumes it, and
 * answers it as it is then. Temporal keeps the note with the schedule: it says who did it.
 */
export async function setSchedulePaused(client: Client, { handle }: LoadedSchedule, caller: Caller, paused: boolean): Promise<ScheduleView> {
  const note = `${paused ? 'paused' : 'resumed'} by ${caller.name}`;
  await (paused ? handle.pause(note) : handle.unpause(note));
  return currentScheduleView(client, handle);
}

/** Asks Temporal to start a run now, paused or not, under the schedule's overlap policy. */
export async function triggerSchedule({ handle }: LoadedSchedule): Promise<void> {
  await handle.trigger();
}

/** Deletes a schedule; runs under way go on, as tasks. */
export async function deleteSchedule({ handle }: LoadedSchedule): Promise<void> {
  await handle.delete();
}
