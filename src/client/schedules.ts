import type { AnyTaskDefinition, TaskName, TaskParams } from '../tasks/define-task';
import type { ScheduleOverlap } from '../temporal/schedules/task-schedule';
import type { ScheduleActionAnswer, ScheduleDetail, SchedulePage } from './answers';
import { schedulePath, type HttpClient } from './http';

export type { ScheduleOverlap };

export interface CreateScheduleOptions {
  /** The schedule's id, yours to choose (a submitter's are its own: `<submitter>:<id>` in answers). */
  id: string;
  /** One cron expression or several, e.g. `'0 3 * * *'` (UTC unless it starts with `CRON_TZ=<zone>`). */
  cron: string | readonly string[];
  /** Run on this queue instead of the task's own. */
  queue?: string;
  /** A run due while the previous one still runs: `skip` it (default), `buffer_one`, `allow_all`. */
  overlap?: ScheduleOverlap;
  note?: string;
  /** Create it paused. */
  paused?: boolean;
}

export interface ScheduleListFilter {
  task_name?: string;
  submitter?: string;
  /** Schedules to answer, 1 to 1000 (default 100). */
  limit?: number;
}

/**
 * Schedules over the Task API: Temporal Schedules that submit a task on cron times, each run an
 * ordinary task (`list({schedule_id})` finds them). Wherever an `id` is asked for, the id you
 * chose works, or the full `schedule_id` of the answers.
 */
export interface ScheduleClient {
  /** `POST /schedules`; give the task's type for typed parameters: `create<typeof report>('report', {...}, {id, cron})`. */
  create<T extends AnyTaskDefinition = AnyTaskDefinition>(name: TaskName<T>, params: TaskParams<T>, options: CreateScheduleOptions): Promise<ScheduleDetail>;
  list(filter?: ScheduleListFilter): Promise<SchedulePage>;
  get(id: string): Promise<ScheduleDetail>;
  pause(id: string): Promise<ScheduleDetail>;
  resume(id: string): Promise<ScheduleDetail>;
  /** Starts a run now (the schedule's overlap policy applies). */
  trigger(id: string): Promise<ScheduleActionAnswer>;
  delete(id: string): Promise<ScheduleActionAnswer>;
}

export function scheduleClient(http: HttpClient): ScheduleClient {
  return {
    async create(name, params, options) {
      const body = {
        task_name: name,
        schedule_id: options.id,
        cron: typeof options.cron === 'string' ? options.cron : [...options.cron],
        parameters: params,
        queue: options.queue,
        overlap: options.overlap,
        note: options.note,
        paused: options.paused,
      };
      return (await http.request<ScheduleDetail>('POST', '/schedules', { body })).body;
    },
    list: async (filter = {}) => (await http.request<SchedulePage>('GET', '/schedules', { query: { ...filter } })).body,
    get: async (id) => (await http.request<ScheduleDetail>('GET', schedulePath(id))).body,
    pause: async (id) => (await http.request<ScheduleDetail>('POST', schedulePath(id, '/pause'))).body,
    resume: async (id) => (await http.request<ScheduleDetail>('POST', schedulePath(id, '/resume'))).body,
    trigger: async (id) => (await http.request<ScheduleActionAnswer>('POST', schedulePath(id, '/trigger'))).body,
    delete: async (id) => (await http.request<ScheduleActionAnswer>('DELETE', schedulePath(id))).body,
  };
}
