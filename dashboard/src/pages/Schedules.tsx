import { useCallback, useEffect, useState } from 'react';
import type { ScheduleDetail, SchedulePage, ScheduleSummary } from '../../../src/client/answers';
import { schedulePath } from '../../../src/client/http';
import { useSession } from '../api-context';
import { Empty, ErrorState, Loading } from '../components/States';
import { errorText, when } from '../format';
import { Link } from '../router';
import { mayManageSchedule } from '../session';

type Action = 'pause' | 'resume' | 'trigger';

/**
 * The schedules of GET /schedules (a submitter's own, an admin's all), with the actions the
 * caller's role allows. After an action its row is read again from GET /schedules/{id}: the list
 * comes from Temporal's visibility, which may still show the schedule as it was.
 */
export function Schedules() {
  const { api, me } = useSession();
  const [page, setPage] = useState<SchedulePage>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [said, setSaid] = useState<string>();

  const load = useCallback(async () => {
    setError(undefined);
    try {
      setPage((await api.request<SchedulePage>('GET', '/schedules')).body);
    } catch (failure) {
      setError(errorText(failure));
    }
  }, [api]);
  useEffect(() => void load(), [load]);

  const act = async (schedule: ScheduleSummary, action: Action) => {
    const id = schedule.schedule_id;
    setBusy(id);
    setSaid(undefined);
    try {
      await api.request('POST', schedulePath(id, `/${action}`));
      const fresh = (await api.request<ScheduleDetail>('GET', schedulePath(id))).body;
      setPage((shown) => shown && { ...shown, schedules: shown.schedules.map((row) => (row.schedule_id === id ? fresh : row)) });
      setSaid(`${id}: ${action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'run requested'}.`);
    } catch (failure) {
      setSaid(`${id}: could not ${action}: ${errorText(failure)}`);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section aria-labelledby="schedules-heading">
      <h2 id="schedules-heading">Schedules</h2>
      <p>
        <button type="button" onClick={() => void load()}>
          Refresh schedules
        </button>
      </p>
      <p role="status" aria-live="polite" className="note">
        {said}
      </p>
      {error ? (
        <ErrorState onRetry={() => void load()}>Could not load the schedules: {error}</ErrorState>
      ) : !page ? (
        <Loading what="schedules" />
      ) : page.schedules.length === 0 ? (
        <Empty>No schedules{me.role === 'submitter' ? ' of yours' : ''}.</Empty>
      ) : (
        <div className="table-wrap" tabIndex={0} aria-label="Schedules table">
          <table>
            <thead>
              <tr>
                <th scope="col">Schedule</th>
                <th scope="col">Task</th>
                <th scope="col">Cron</th>
                <th scope="col">State</th>
                <th scope="col">Next runs</th>
                <th scope="col">Last run</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {page.schedules.map((schedule) => (
                <ScheduleRow key={schedule.schedule_id} schedule={schedule} busy={busy === schedule.schedule_id} mayAct={mayManageSchedule(me, schedule.submitter)} onAction={act} />
              ))}
            </tbody>
          </table>
          {page.has_more ? <p className="note">More schedules exist than shown.</p> : null}
        </div>
      )}
    </section>
  );
}

function ScheduleRow({ schedule, busy, mayAct, onAction }: { schedule: ScheduleSummary; busy: boolean; mayAct: boolean; onAction: (schedule: ScheduleSummary, action: Action) => Promise<void> }) {
  const id = schedule.schedule_id;
  const [next, ...later] = schedule.next_run_times;
  return (
    <tr data-schedule-id={id}>
      <td className="mono">{id}</td>
      <td>
        {schedule.task_name ?? '—'}
        {schedule.queue ? <span className="note"> on {schedule.queue}</span> : null}
      </td>
      <td className="mono">{schedule.cron.join('; ') || '—'}</td>
      <td>{schedule.paused ? `Paused${schedule.note ? ` (${schedule.note})` : ''}` : 'Active'}</td>
      <td>
        {next ? when(next) : '—'}
        {later.length > 0 ? <span className="note" title={later.map(when).join('\n')}> and {later.length} more</span> : null}
      </td>
      <td>
        {when(schedule.last_run_at)} <Link to={`/tasks?schedule_id=${encodeURIComponent(id)}`} aria-label={`Runs of ${id}`}>
          Runs
        </Link>
      </td>
      <td>
        {mayAct ? (
          <div className="buttons">
            <button type="button" disabled={busy} onClick={() => void onAction(schedule, schedule.paused ? 'resume' : 'pause')} aria-label={`${schedule.paused ? 'Resume' : 'Pause'} ${id}`}>
              {schedule.paused ? 'Resume' : 'Pause'}
            </button>
            <button type="button" disabled={busy} onClick={() => void onAction(schedule, 'trigger')} aria-label={`Trigger ${id}`}>
              Trigger
            </button>
          </div>
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
}
