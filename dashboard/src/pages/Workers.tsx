import { useCallback, useEffect, useState } from 'react';
import type { QueueFlow as Flow, QueueWorkers } from '../../../src/client/answers';
import { useSession } from '../api-context';
import { Empty, ErrorState, Loading } from '../components/States';
import { errorText, when } from '../format';
import { QueueFlow } from './QueueFlow';
import { Schedules } from './Schedules';

/**
 * /admin/workers: each queue of the API's task types with the workers polling it (GET /workers,
 * from Temporal) and its flow control (GET /queues: limits, weights, backlog per fairness key),
 * then the schedules.
 */
export function Workers() {
  const { api } = useSession();
  const [queues, setQueues] = useState<QueueWorkers[]>();
  const [flows, setFlows] = useState<Map<string, Flow>>();
  const [error, setError] = useState<string>();
  const load = useCallback(async () => {
    setError(undefined);
    try {
      const [workers, flow] = await Promise.all([
        api.request<{ queues: QueueWorkers[] }>('GET', '/workers'),
        api.request<{ queues: Flow[] }>('GET', '/queues'),
      ]);
      setQueues(workers.body.queues);
      setFlows(new Map(flow.body.queues.map((queue) => [queue.queue, queue])));
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
            {flows?.get(queue.queue) ? <QueueFlow flow={flows.get(queue.queue)!} /> : null}
          </section>
        ))
      )}
      <Schedules />
    </section>
  );
}
