import { ScheduleNotFoundError, type ScheduleDescription, type ScheduleHandle } from '@temporalio/client';
import { SUBMITTER_ATTRIBUTE } from '../../contract/search-attributes';
import { assertMayAccess, readsEveryTask, type Principal } from '../../api/http/auth/authenticate';
import type { ApiContext } from '../../api/context';
import { scheduleNotFound } from '../../api/http/api-error';
import { scheduleIdCandidates } from './schedule-id';

export interface LoadedSchedule {
  scheduleId: string;
  handle: ScheduleHandle;
  description: ScheduleDescription;
}

/**
 * Finds a schedule by the id its submitter chose (within the caller's scope) or by its full id,
 * and checks the caller may `read` or `write` it, as for tasks: another submitter's schedule
 * answers 404, as if it did not exist; a viewer may only read.
 */
export async function loadSchedule(ctx: ApiContext, typedId: string, principal: Principal, intent: 'read' | 'write'): Promise<LoadedSchedule> {
  for (const scheduleId of scheduleIdCandidates(principal, typedId)) {
    const handle = ctx.client.schedule.getHandle(scheduleId);
    const description = await describeIfExists(handle);
    if (!description) continue;
    const submitter = description.typedSearchAttributes.get(SUBMITTER_ATTRIBUTE);
    if (!readsEveryTask(principal) && submitter !== principal.name) continue;
    assertMayAccess(principal, scheduleId, submitter, intent, scheduleNotFound);
    return { scheduleId, handle, description };
  }
  throw scheduleNotFound(typedId);
}

async function describeIfExists(handle: ScheduleHandle): Promise<ScheduleDescription | undefined> {
  try {
    return await handle.describe();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return undefined;
    throw error;
  }
}
