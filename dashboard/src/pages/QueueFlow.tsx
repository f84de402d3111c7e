import type { QueueFlow as Flow } from '../../../src/client/answers';
import { when } from '../format';

const perSecond = (value: number | null | undefined) => (value === null || value === undefined ? 'none' : `${value}/s`);

/** One queue's flow control on the workers page (GET /queues): its limits, its weights, and who waits in its backlog. */
export function QueueFlow({ flow }: { flow: Flow }) {
  const { rate_limit: rate, key_rate_limit: keyRate, fairness_weights: weights, backlog } = flow;
  const appliedWeights = Object.entries(weights.applied);
  return (
    <div className="queue-flow" aria-label={`Flow control of ${flow.queue}`}>
      <dl className="facts">
        <dt>Rate limit</dt>
        <dd>
          {perSecond(rate.applied?.per_second)}
          {rate.declared !== null || rate.applied ? <span className="note"> (declared {perSecond(rate.declared)}{rate.applied ? `, set by ${rate.applied.updated_by ?? 'unknown'} ${when(rate.applied.updated_at)}` : ''})</span> : null}
        </dd>
        <dt>Per fairness key</dt>
        <dd>
          {perSecond(keyRate.applied?.per_second)}
          {keyRate.declared !== null || keyRate.applied ? <span className="note"> (declared {perSecond(keyRate.declared)}{keyRate.applied ? `, set by ${keyRate.applied.updated_by ?? 'unknown'} ${when(keyRate.applied.updated_at)}` : ''})</span> : null}
        </dd>
        <dt>Weights</dt>
        <dd>{appliedWeights.length === 0 ? 'every key 1' : appliedWeights.map(([key, weight]) => `${key} ${Number(weight.toPrecision(6))}`).join(', ')}</dd>
        <dt>Backlog</dt>
        <dd>
          {backlog.workflow.count} workflow task{backlog.workflow.count === 1 ? '' : 's'}, {backlog.activity.count} activit{backlog.activity.count === 1 ? 'y' : 'ies'}
          {backlog.activity.age_seconds > 0 ? <span className="note"> (oldest {Math.round(backlog.activity.age_seconds)} s)</span> : null}
        </dd>
      </dl>
      {flow.drift.length > 0 ? (
        <p role="note" className="error">
          Changed in Temporal since a worker applied what the task types declare: {flow.drift.map((name) => name.replace(/_/g, ' ')).join(', ')}. Admins change limits with PATCH /queues/
          {flow.queue}; the next worker start applies the declared ones again.
        </p>
      ) : null}
      {backlog.by_key.length > 0 ? (
        <div className="table-wrap" tabIndex={0} aria-label={`Queued tasks of ${flow.queue} per fairness key`}>
          <table>
            <thead>
              <tr>
                <th scope="col">Fairness key</th>
                <th scope="col">Queued tasks</th>
              </tr>
            </thead>
            <tbody>
              {backlog.by_key.map((row) => (
                <tr key={row.fairness_key}>
                  <td className="mono">{row.fairness_key || '(none)'}</td>
                  <td>{row.queued}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {backlog.by_key_partial ? <p className="note">Counted over the first 1,000 queued tasks.</p> : null}
        </div>
      ) : null}
    </div>
  );
}
