import { ScheduleNotFoundError, type Client, type ScheduleDescription, type ScheduleHandle } from '@temporalio/client';
import { SUBMITTER_ATTRIBUTE } from '../../contract/search-attributes';
import { assertMayAccess, readsEveryTask, type Caller } from '../caller';
import { ScheduleNotFound } from '../store-errors';
import { scheduleIdCandidates } from './schedule-id';

export interface LoadedSchedule {
  scheduleId: string;
  handle: ScheduleHandle;
  description: ScheduleDescription;
}

/**
 * Finds a schedule by the id its submitter chose (within the caller's scope) or by its full id,
 * and checks the caller may `read` or `write` it, as for tasks: another submitter's schedule
 * is not found, as if it did not exist; a viewer may only read.
 */
export async function loadSchedule(client: Client, typedId: string, caller: Caller, intent: 'read' | 'write'): Promise<LoadedSchedule> {
  for (const scheduleId of scheduleIdCandidates(caller, typedId)) {
    const handle = client.schedule.getHandle(scheduleId);
    const description = await describeIfExists(handle);
    if (!description) continue;
    const submitter = description.typedSearchAttributes.get(SUBMITTER_ATTRIBUTE);
    if (!readsEveryTask(caller) && submitter !== caller.name) continue;
    assertMayAccess(caller, scheduleId, submitter, intent, (id) => new ScheduleNotFound(id));
    return { scheduleId, handle, description };
  }
  throw new ScheduleNotFound(typedId);
}

async function describeIfExists(handle: ScheduleHandle): Promise<ScheduleDescription | undefined> {
  try {
    return await handle.describe();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return undefined;
    throw error;
  }
}
