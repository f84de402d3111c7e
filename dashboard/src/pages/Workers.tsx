import { useCallback, useEffect, useState } from 'react';
import type { QueueWorkers } from '../../../src/client/answers';
import { useSession } from '../api-context';
import { Empty, ErrorState, Loading } from '../components/States';
import { errorText, when } from '../format';
import { Schedules } from './Schedules';

/** /admin/workers: each queue of the API's task types with the workers polling it (GET /workers, from Temporal), then the schedules. */
export function Workers() {
  const { api } = useSession();
  const [queues, setQueues] = useState<QueueWorkers[]>();
  const [error, setError] = useState<string>();
  const load = useCallback(async () => {
    setError(undefined);
    try {
      setQueues((await api.request<{ queues: QueueWorkers[] }>('GET', '/workers')).body.queues);
    } catch (failure) {
      setError(errorText(failure));
    }
  }, [api]);
  useEffect(() => void load(), [load]);

  return (
    <section aria-labelledby="workers-heading">
      <h1 id="workers-heading">Workers</h1>
      <p>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </p>
      {error ? (
        <ErrorState onRetry={() => void load()}>Could not load the workers: {error}</ErrorState>
      ) : !queues ? (
        <Loading what="workers" />
      ) : queues.length === 0 ? (
        <Empty>No queues.</Empty>
      ) : (
        queues.map((queue) => (
          <section key={queue.queue} aria-label={`Queue ${queue.queue}`} className="queue">
            <h2>
              {queue.queue} <span className="note">({queue.pollers.length === 0 ? 'no worker polls it' : `${queue.pollers.length} poller${queue.pollers.length === 1 ? '' : 's'}`})</span>
            </h2>
            {queue.pollers.length > 0 ? (
              <div className="table-wrap" tabIndex={0} aria-label={`Workers polling ${queue.queue}`}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Worker</th>
                      <th scope="col">Polls for</th>
                      <th scope="col">Last access</th>
                    </tr>
                  </thead>
                  <tbody>
                    {queue.pollers.map((poller) => (
                      <tr key={poller.identity}>
                        <td className="mono">{poller.identity}</td>
                        <td>{poller.kinds.join(', ')}</td>
                        <td>{when(poller.last_access_time)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </section>
        ))
      )}
      <Schedules />
    </section>
  );
}
