import { useCallback, useEffect, useRef, useState } from 'react';
import type { FailuresAnswer } from '../../../src/client/answers';
import { useSession } from '../api-context';
import { BulkFlow } from '../components/BulkAction';
import { Empty, ErrorState, Loading } from '../components/States';
import { errorText, when } from '../format';
import { Link, navigate, queryString, type Location } from '../router';
import { mayChange } from '../session';
import { STATUS_LABEL } from '../status';

type Group = FailuresAnswer['groups'][number];

/** The windows offered; the URL may say any duration GET /failures takes. */
const WINDOWS = ['1h', '24h', '7d'] as const;
const DEFAULT_WINDOW = '24h';

const KIND_LABEL: Record<Group['kind'], string> = { failed: STATUS_LABEL.failed, timed_out: STATUS_LABEL.timed_out, stuck: 'stuck' };

/**
 * /admin/failures: failed, timed-out and stuck tasks grouped by task type and failure type
 * (GET /failures), over the window `since` names. Each group with a list filter links to its
 * tasks on the task list, where its bulk action acts on them, and re-runs them all from here.
 */
export function Failures({ location }: { location: Location }) {
  const { api, me } = useSession();
  const since = location.query.get('since') || DEFAULT_WINDOW;
  const [answer, setAnswer] = useState<FailuresAnswer>();
  const [error, setError] = useState<string>();
  const [rerun, setRerun] = useState<Group>();
  const latest = useRef(0);
  const load = useCallback(async () => {
    const mine = ++latest.current;
    setError(undefined);
    try {
      const body = (await api.request<FailuresAnswer>('GET', '/failures', { query: { since } })).body;
      if (mine === latest.current) setAnswer(body);
    } catch (failure) {
      if (mine === latest.current) setError(errorText(failure));
    }
  }, [api, since]);
  useEffect(() => {
    setAnswer(undefined);
    void load();
  }, [load]);

  return (
    <section aria-labelledby="failures-heading">
      <h1 id="failures-heading">Failures</h1>
      <form className="filters compact" aria-label="Failures window" onSubmit={(event) => event.preventDefault()}>
        <label>
          Since
          <select value={since} onChange={(e) => navigate(`/failures${queryString({ since: e.target.value === DEFAULT_WINDOW ? undefined : e.target.value })}`)}>
            {(WINDOWS as readonly string[]).includes(since) ? null : <option value={since}>{since}</option>}
            {WINDOWS.map((window) => (
              <option key={window} value={window}>
                the last {window}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" onClick={() => void load()}>
          Refresh
        </button>
      </form>
      {rerun?.filter ? <BulkFlow key={groupKey(rerun)} filter={rerun.filter} action="rerun" onClose={() => setRerun(undefined)} /> : null}
      {error ? (
        <ErrorState onRetry={() => void load()}>Could not load the failures: {error}</ErrorState>
      ) : !answer ? (
        <Loading what="failures" />
      ) : answer.groups.length === 0 ? (
        <Empty>No failed, timed-out or stuck tasks since {when(answer.since)}.</Empty>
      ) : (
        <>
          {answer.partial ? <p className="note">More failures than one read takes: counts are exact, but a first seen may be later than the real one, or a stuck task missing.</p> : null}
          <GroupTable groups={answer.groups} mayRerun={mayChange(me)} onRerun={setRerun} />
        </>
      )}
    </section>
  );
}

function groupKey(group: Group): string {
  return `${group.task_name}/${group.kind}/${group.failure_type}`;
}

function GroupTable({ groups, mayRerun, onRerun }: { groups: Group[]; mayRerun: boolean; onRerun: (group: Group) => void }) {
  return (
    <div className="table-wrap" tabIndex={0} aria-label="Failure groups, scrolls sideways on small screens">
      <table>
        <thead>
          <tr>
            <th scope="col">Task type</th>
            <th scope="col">Kind</th>
            <th scope="col">Failure type</th>
            <th scope="col">Count</th>
            <th scope="col">First seen</th>
            <th scope="col">Last seen</th>
            <th scope="col">Latest message</th>
            <th scope="col">Tasks</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={groupKey(group)} data-group={groupKey(group)}>
              <td>{group.task_name}</td>
              <td>
                <span className={`chip chip-${group.kind === 'stuck' ? 'running' : group.kind}`}>{KIND_LABEL[group.kind]}</span>
              </td>
              <td className="mono">{group.failure_type}</td>
              <td>{group.count.toLocaleString()}</td>
              <td>{when(group.first_seen)}</td>
              <td>{when(group.last_seen)}</td>
              <td className="message">
                <Link to={`/tasks/${encodeURIComponent(group.sample.task_id)}`} title={`The latest of them: ${group.sample.task_id}`}>
                  {group.sample.message || '(no message)'}
                </Link>
              </td>
              <td>
                {group.filter ? (
                  <div className="buttons">
                    <Link to={`/tasks${queryString(group.filter)}`} aria-label={`List tasks: ${group.kind} ${group.task_name} ${group.failure_type}`}>
                      List tasks
                    </Link>
                    {mayRerun ? (
                      <button type="button" className="secondary" onClick={() => onRerun(group)} aria-label={`Re-run all: ${group.kind} ${group.task_name} ${group.failure_type}`}>
                        Re-run all
                      </button>
                    ) : null}
                  </div>
                ) : (
                  <span className="note" title="No list filter selects tasks whose workflow task keeps failing: open the latest one">
                    see the latest
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
