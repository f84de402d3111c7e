import { when } from '../format';

/** One entry of GET /tasks/{id}/history (src/temporal/tasks/task-timeline.ts). */
export interface TimelineEntry {
  at: string;
  run_id: string;
  event_id: number;
  kind: string;
  name: string | null;
  attempt: number | null;
  detail: string | null;
}

const WORDS: Record<string, string> = {
  task_started: 'Task started',
  activity_scheduled: 'Activity scheduled',
  activity_started: 'Activity started',
  activity_retried: 'Activity retried',
  activity_completed: 'Activity completed',
  activity_failed: 'Activity failed',
  activity_timed_out: 'Activity timed out',
  activity_cancelled: 'Activity cancelled',
  signal_received: 'Signal received',
  update_accepted: 'Update accepted',
  timer_started: 'Timer started',
  timer_fired: 'Timer fired',
  child_started: 'Child task started',
  child_completed: 'Child task completed',
  child_failed: 'Child task failed',
  child_ended: 'Child task ended',
  cancel_requested: 'Cancellation requested',
  continued_as_new: 'Continued as new',
  task_completed: 'Task completed',
  task_failed: 'Task failed',
  task_cancelled: 'Task cancelled',
  task_terminated: 'Task terminated',
  task_timed_out: 'Task timed out',
};

/** The execution's timeline, oldest first: what ran, what retried, what arrived, how it ended. */
export function Timeline({ entries, truncated }: { entries: TimelineEntry[]; truncated: boolean }) {
  return (
    <>
      {truncated ? <p className="note">Older events are left out; the Temporal Web UI has the whole history.</p> : null}
      <ol className="timeline">
        {entries.map((entry) => (
          <li key={`${entry.run_id}-${entry.event_id}`} className={`timeline-${entry.kind}`}>
            <time dateTime={entry.at}>{when(entry.at)}</time>
            <span className="timeline-what">
              {WORDS[entry.kind] ?? entry.kind}
              {entry.name ? <code> {entry.name}</code> : null}
              {entry.attempt && entry.attempt > 1 ? ` (attempt ${entry.attempt})` : ''}
            </span>
            {entry.detail ? <span className="timeline-detail">{entry.detail}</span> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
