import type { Client } from '@temporalio/client';
import type { Caller } from '../caller';
import { scheduleListQuery } from '../tasks/visibility-query';
import { summarizeSchedule, type ScheduleSummaryView } from './schedule-view';

/** The most schedules one read of Temporal's list of schedules asks for. */
const SCHEDULE_READ_MAX = 1000;

export interface ScheduleListRequest {
  taskName?: string | undefined;
  submitter?: string | undefined;
  /** The most schedules to answer. */
  limit: number;
}

export interface ScheduleList {
  schedules: ScheduleSummaryView[];
  /** More schedules match than `limit`. */
  hasMore: boolean;
}

/**
 * The first `limit` schedules matching `request`, from Temporal's list of schedules (eventually
 * consistent: one created a moment ago may be missing). A submitter lists its own schedules only:
 * its filter is forced, whatever it asked.
 */
export async function listSchedules(client: Client, caller: Caller, request: ScheduleListRequest): Promise<ScheduleList> {
  const submitter = caller.role === 'submitter' ? caller.name : request.submitter;
  const query = scheduleListQuery({ taskName: request.taskName, submitter });
  const schedules: ScheduleSummaryView[] = [];
  // One more than asked tells whether more follow.
  for await (const summary of client.schedule.list({ query, pageSize: Math.min(request.limit + 1, SCHEDULE_READ_MAX) })) {
    schedules.push(summarizeSchedule(summary));
    if (schedules.length > request.limit) break;
  }
  return { schedules: schedules.slice(0, request.limit), hasMore: schedules.length > request.limit };
}
