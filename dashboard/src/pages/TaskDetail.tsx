import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResultAnswer, SubmitAnswer, TaskDetail as Task, TaskEvent, TaskType } from '../../../src/client/answers';
import { taskPath } from '../../../src/client/http';
import { useSession } from '../api-context';
import { ProgressBar } from '../components/ProgressBar';
import { ErrorState, Loading } from '../components/States';
import { StatusChip } from '../components/StatusChip';
import { Timeline, type TimelineEntry } from '../components/Timeline';
import { errorText, when } from '../format';
import { useEventStream } from '../live';
import { Link, navigate } from '../router';
import { mayChange } from '../session';
import { isTerminal } from '../status';
import { ReviewForm } from './ReviewForm';
import { draftSummary, REVIEW_STAGE } from '../review';
import { ReviewPolicy, ReviewVerdict } from './ReviewNotes';
import { RetryActions } from './RetryActions';

/** What each wait reason means, as the page says it. */
const WAIT_REASONS: Record<NonNullable<Task['wait_reason']>, string> = {
  waiting_for_slot: 'for a slot: its type runs a limited number of tasks per key at once',
  rate_limited: "under its queue's rate limit",
  debouncing: 'for more submits with its key, which would replace its parameters',
};

/** How long after a debounce window's end the page looks for its run. */
const WINDOW_RECHECK_MS = 500;

interface TimelineAnswer {
  entries: TimelineEntry[];
  truncated: boolean;
}

/**
 * /admin/tasks/<id>: everything about one task, live while it runs, with the actions the caller's
 * role allows. `joined`: the submit that led here met this task running (a singleton) instead of starting one.
 */
export function TaskDetail({ id, joined = false }: { id: string; joined?: boolean }) {
  const { api, me } = useSession();
  const [task, setTask] = useState<Task>();
  const [timeline, setTimeline] = useState<TimelineAnswer>();
  const [result, setResult] = useState<ResultAnswer>();
  const [type, setType] = useState<TaskType>();
  const [error, setError] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const [busy, setBusy] = useState(false);

  // The page stays mounted when it goes to another task (Run again), while a load for the task it
  // showed may still be under way: an answer for another id than the one shown now is dropped.
  const shownId = useRef(id);
  shownId.current = id;
  const load = useCallback(async () => {
    const stillShown = () => shownId.current === id;
    try {
      const loaded = (await api.request<Task>('GET', taskPath(id))).body;
      if (!stillShown()) return;
      setTask(loaded);
      setError(undefined);
      // A debounced task waiting out its window has no run yet: nothing to show of its history.
      if (loaded.wait_reason === 'debouncing') {
        setTimeline({ entries: [], truncated: false });
        return;
      }
      const [history, answer] = await Promise.all([
        api.request<TimelineAnswer>('GET', taskPath(loaded.task_id, '/history')),
        loaded.status === 'completed' ? api.request<ResultAnswer>('GET', taskPath(loaded.task_id, '/result')) : undefined,
      ]);
      if (!stillShown()) return;
      setTimeline(history.body);
      setResult(answer?.body);
    } catch (failure) {
      if (stillShown()) setError(errorText(failure));
    }
  }, [api, id]);

  useEffect(() => {
    setTask(undefined);
    setTimeline(undefined);
    setResult(undefined);
    void load();
  }, [load]);
  useEffect(() => {
    if (!task?.task_name) return;
    void api.request<{ types: TaskType[] }>('GET', '/tasks/types').then(
      (answer) => setType(answer.body.types.find((t) => t.name === task.task_name)),
      () => setType(undefined),
    );
  }, [api, task?.task_name]);

  // While it runs, the task's own stream says each change of status and progress; a change of status reloads the rest.
  const debouncing = task?.wait_reason === 'debouncing';
  const live = task && !isTerminal(task.status) && !debouncing ? taskPath(task.task_id, '/events') : undefined;
  // Its run starts when the window closes (a later submit may move that): look again then, and
  // again each half second while the window's workflow has yet to start it.
  const runsAt = debouncing ? task?.runs_at : undefined;
  useEffect(() => {
    if (!runsAt) return;
    const timer = setTimeout(() => void load(), Math.max(WINDOW_RECHECK_MS, Date.parse(runsAt) - Date.now() + WINDOW_RECHECK_MS));
    return () => clearTimeout(timer);
  }, [runsAt, task, load]);
  useEventStream(live, (event) => {
    if (!task || event.event === 'error') return;
    const state = JSON.parse(event.data) as TaskEvent;
    setTask({ ...task, status: state.status, progress: state.progress, failure: state.failure, workflow_task_failure: state.workflow_task_failure });
    // Any change reloads the task too: why it waits (a slot, a rate limit) ends without a change of status.
    void load();
  });

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setActionError(undefined);
    try {
      await action();
      await load();
    } catch (failure) {
      setActionError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <ErrorState onRetry={() => void load()}>Could not load task “{id}”: {error}</ErrorState>;
  if (!task) return <Loading what="the task" />;

  const running = !isTerminal(task.status);
  const canChange = mayChange(me);
  const awaitingReview = running && task.progress?.stage === REVIEW_STAGE && type !== undefined && type.review !== null;
  const runUrl = (runId: string) =>
    `${me.temporal_ui_url}/namespaces/${encodeURIComponent(me.namespace ?? '')}/workflows/${encodeURIComponent(task.task_id)}/${encodeURIComponent(runId)}/history`;
  const webUi = me.temporal_ui_url && me.namespace !== null ? runUrl(task.run_id) : undefined;
  const runAgain = async () => {
    const answer = await api.request<SubmitAnswer>('POST', '/tasks', { body: { task_name: task.task_name, parameters: task.parameters ?? {}, queue: task.queue } });
    navigate(`/tasks/${encodeURIComponent(answer.body.task_id)}`);
  };

  return (
    <article aria-labelledby="task-heading">
      <p>
        <Link to="/tasks">← All tasks</Link>
      </p>
      <h1 id="task-heading">
        {task.task_name ?? 'Task'} <span className="mono">{task.short_id}</span> <StatusChip status={task.status} />
      </h1>
      {joined ? (
        <p role="status" className="note">
          A task of this type with the same key was already running: your submit joined it instead of starting another.
        </p>
      ) : null}
      <dl className="facts">
        <dt>Task id</dt>
        <dd className="mono">{task.task_id}</dd>
        <dt>Queue</dt>
        <dd>{task.queue}</dd>
        <dt>Priority</dt>
        <dd>{task.priority}</dd>
        <dt>Submitter</dt>
        <dd>{task.submitter ?? '—'}</dd>
        <dt>Fairness key</dt>
        <dd className="mono">{task.fairness_key ?? '—'}</dd>
        {task.wait_reason ? (
          <>
            <dt>Waiting</dt>
            <dd className="waiting">{WAIT_REASONS[task.wait_reason]}</dd>
          </>
        ) : null}
        {task.runs_at ? (
          <>
            <dt>Runs at</dt>
            <dd>
              {when(task.runs_at)} at the earliest{task.submits ? ` (${task.submits} submit${task.submits === 1 ? '' : 's'} so far)` : ''}
            </dd>
          </>
        ) : null}
        {task.reset_from ? (
          <>
            <dt>Reset from</dt>
            <dd aria-label="Reset from">
              run {webUi ? <a href={runUrl(task.reset_from.run_id)} target="_blank" rel="noreferrer" className="mono">{task.reset_from.run_id}</a> : <span className="mono">{task.reset_from.run_id}</span>}{' '}
              {task.reset_from.reset_at ? `on ${when(task.reset_from.reset_at)} ` : ''}({task.reset_from.reason})
            </dd>
          </>
        ) : null}
        {task.retry_of ? (
          <>
            <dt>Retry of</dt>
            <dd aria-label="Retry of">
              <Link to={`/tasks/${encodeURIComponent(task.retry_of)}`} className="mono">
                {task.retry_of}
              </Link>
            </dd>
          </>
        ) : null}
        <dt>Created</dt>
        <dd>{when(task.created_at)}</dd>
        <dt>Started</dt>
        <dd>{when(task.started_at)}</dd>
        <dt>Completed</dt>
        <dd>{when(task.finished_at)}</dd>
        <dt>Duration</dt>
        <dd>{task.duration ?? '—'}</dd>
        <dt>Attempts</dt>
        <dd>{task.attempts}</dd>
        <dt>Worker</dt>
        <dd>{task.worker ?? '—'}</dd>
        {task.trace_id ? (
          <>
            <dt>Trace</dt>
            <dd className="mono" aria-label="Trace id" title="The OpenTelemetry trace of this task: look it up in your tracing backend">
              {task.trace_id}
            </dd>
          </>
        ) : null}
      </dl>
      {task.progress ? <ProgressBar progress={task.progress} /> : null}
      {running && task.progress?.stage === REVIEW_STAGE ? <ReviewPolicy progress={task.progress} /> : null}
      {webUi ? (
        <p>
          <a href={webUi} target="_blank" rel="noreferrer">
            Open in the Temporal Web UI
          </a>
        </p>
      ) : null}

      {canChange ? (
        <section aria-labelledby="actions-heading" className="actions">
          <h2 id="actions-heading">Actions</h2>
          <div className="buttons">
            {running ? (
              <button type="button" disabled={busy} onClick={() => void act(() => api.request('POST', taskPath(task.task_id, '/cancel')))}>
                Cancel task
              </button>
            ) : null}
            {running && me.role === 'admin' ? (
              <button
                type="button"
                className="danger"
                disabled={busy}
                onClick={() => void act(() => api.request('POST', taskPath(task.task_id, '/cancel'), { query: { mode: 'terminate', reason: `terminated from the dashboard by ${me.name ?? 'admin'}` } }))}
              >
                Terminate
              </button>
            ) : null}
            {task.task_name && task.parameters ? (
              <button type="button" disabled={busy} onClick={() => void act(runAgain)}>
                Run again
              </button>
            ) : null}
          </div>
          <RetryActions key={`${task.task_id}/${task.run_id}`} task={task} onReset={load} />
          {awaitingReview ? <ReviewForm taskId={task.task_id} summary={draftSummary(task.progress?.draft)} onDecided={load} /> : null}
          {actionError ? <p role="alert" className="error">{actionError}</p> : null}
        </section>
      ) : null}

      {task.failure ? (
        <section aria-labelledby="failure-heading" className="failure">
          <h2 id="failure-heading">Failure</h2>
          <p>
            <strong>{task.failure.type}</strong>: {task.failure.message}
          </p>
          {task.failure.causes.map((cause, index) => (
            <p key={index} className="cause">
              caused by <strong>{cause.type}</strong>: {cause.message}
            </p>
          ))}
        </section>
      ) : null}
      {task.workflow_task_failure ? (
        <section className="failure" aria-label="Workflow task failing">
          <p>
            A worker keeps failing this task's workflow task (attempt {task.workflow_task_failure.attempt}, {task.workflow_task_failure.cause}):{' '}
            {task.workflow_task_failure.failure.message}
          </p>
        </section>
      ) : null}
      {result && 'result' in result ? (
        <section aria-labelledby="result-heading">
          <h2 id="result-heading">Result</h2>
          <ReviewVerdict result={result.result} />
          <pre className="json" tabIndex={0} aria-label="Result as JSON">
            {JSON.stringify(result.result, null, 2)}
          </pre>
        </section>
      ) : null}
      <section aria-labelledby="parameters-heading">
        <h2 id="parameters-heading">Parameters</h2>
        <pre className="json" tabIndex={0} aria-label="Parameters as JSON">
          {task.parameters ? JSON.stringify(task.parameters, null, 2) : 'not readable by this API'}
        </pre>
      </section>
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        {timeline ? <Timeline entries={timeline.entries} truncated={timeline.truncated} /> : <Loading what="the timeline" />}
      </section>
    </article>
  );
}
