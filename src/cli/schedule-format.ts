import type { ScheduleDetail, ScheduleSummary } from '../client/answers';
import { localTime, table } from './format';

/** A schedule's state in a word, with the note that says why. */
export function scheduleState(schedule: Pick<ScheduleSummary, 'paused' | 'note'>): string {
  return schedule.paused ? `paused${schedule.note ? ` (${schedule.note})` : ''}` : 'active';
}

/** One schedule for people: its task, cron, state, next run times and recent runs. */
export function formatSchedule(schedule: ScheduleDetail): string {
  const fields = [
    ['schedule', schedule.schedule_id],
    ['task', `${schedule.task_name ?? '-'} on ${schedule.queue ?? '-'}`],
    ['parameters', JSON.stringify(schedule.parameters)],
    ['cron', schedule.cron.join(' | ') || '-'],
    ['overlap', schedule.overlap],
    ['state', scheduleState(schedule)],
    ['next runs', schedule.next_run_times.map(localTime).join(', ') || '-'],
    ['runs started', String(schedule.runs_started)],
  ];
  const width = Math.max(...fields.map(([name]) => (name ?? '').length));
  const lines = fields.map(([name, value]) => `${(name ?? '').padEnd(width)}  ${value}`);
  if (schedule.recent_runs.length === 0) return lines.join('\n');
  const runs = table(
    ['RECENT RUN', 'STATUS', 'STARTED'],
    schedule.recent_runs.map((run) => [run.task_id, run.status, localTime(run.started_at)]),
  );
  return `${lines.join('\n')}\n\n${runs}`;
}
