import { useState } from 'react';
import type { ResetAnswer, RetryAnswer, TaskDetail as Task } from '../../../src/client/answers';
import { taskPath } from '../../../src/client/http';
import { useSession } from '../api-context';
import { errorText } from '../format';
import { navigate } from '../router';

/** Statuses a task may be retried as a new task from: it ended without a result. */
const RETRYABLE = new Set<Task['status']>(['failed', 'timed_out', 'cancelled', 'terminated']);

/**
 * A failed or stuck task's ways to go again, once what broke is fixed: from its failed step (a
 * reset: the same task, a new run that keeps the steps that completed), or as a new task with
 * parameters edited here (a retry, which names this task). `onReset` reloads the page's task.
 */
export function RetryActions({ task, onReset }: { task: Task; onReset: () => Promise<void> }) {
  const { api, me } = useSession();
  const [editing, setEditing] = useState(false);
  const [parameters, setParameters] = useState(() => JSON.stringify(task.parameters ?? {}, null, 2));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const resettable = task.status === 'failed' || task.workflow_task_failure !== null;
  const retryable = RETRYABLE.has(task.status) && task.task_name !== null;
  if (!resettable && !retryable) return null;

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };
  const reset = () =>
    act(async () => {
      await api.request<ResetAnswer>('POST', taskPath(task.task_id, '/reset'), { body: { reason: `from the dashboard by ${me.name ?? 'anonymous'}` } });
      await onReset();
    });
  const retry = () =>
    act(async () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(parameters);
      } catch (failure) {
        throw new Error(`The parameters are not valid JSON: ${(failure as Error).message}`);
      }
      const answer = await api.request<RetryAnswer>('POST', taskPath(task.task_id, '/retry'), { body: { parameters: parsed } });
      navigate(`/tasks/${encodeURIComponent(answer.body.task_id)}`);
    });

  return (
    <div className="retry">
      <div className="buttons">
        {resettable ? (
          <button type="button" disabled={busy} onClick={() => void reset()} title="Once the cause is fixed: the steps that completed keep their results, the failed step runs again">
            Retry from failed step
          </button>
        ) : null}
        {retryable && !editing ? (
          <button type="button" disabled={busy} onClick={() => setEditing(true)}>
            Retry with new parameters
          </button>
        ) : null}
      </div>
      {editing ? (
        <form aria-label="Retry with new parameters" onSubmit={(event) => event.preventDefault()}>
          <label>
            Parameters of the new task (JSON)
            <textarea value={parameters} onChange={(e) => setParameters(e.target.value)} rows={6} className="mono" />
          </label>
          <div className="buttons">
            <button type="button" disabled={busy} onClick={() => void retry()}>
              Start the retry
            </button>
            <button type="button" disabled={busy} onClick={() => setEditing(false)}>
              Never mind
            </button>
          </div>
        </form>
      ) : null}
      {error ? <p role="alert" className="error">{error}</p> : null}
    </div>
  );
}
