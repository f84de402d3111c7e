import { useEffect, useRef, useState } from 'react';
import type { BatchCount, BatchJob, BatchStarted } from '../../../src/client/answers';
import type { TaskFilter, BatchRequest } from '../../../src/client/create-client';
import { useSession } from '../api-context';
import { errorText } from '../format';

/** The bulk actions the dashboard offers (signal needs a payload form: the CLI and API have it). */
export type BulkActionName = Extract<BatchRequest['action'], 'cancel' | 'terminate' | 'rerun'>;

/** How often a started job is asked for its progress. */
const POLL_MS = 500;

/** Each action as the confirmation, the progress line and the outcome say it. */
export const BULK_VERBS: Record<BulkActionName, { verb: string; doing: string; done: string }> = {
  cancel: { verb: 'Cancel', doing: 'Cancelling', done: 'cancellation requested for' },
  terminate: { verb: 'Terminate', doing: 'Terminating', done: 'terminated' },
  rerun: { verb: 'Re-run', doing: 'Re-running', done: 're-ran' },
};

/** The filter in words: "status failed, type example_error_handling, failure type StepFailed". */
export function describeFilter(filter: TaskFilter): string {
  const names: Record<keyof TaskFilter, string> = {
    status: 'status',
    task_name: 'type',
    queue: 'queue',
    submitter: 'submitter',
    schedule_id: 'schedule',
    created_after: 'created after',
    created_before: 'created before',
    failure_type: 'failure type',
  };
  return (Object.keys(names) as (keyof TaskFilter)[])
    .filter((key) => filter[key] !== undefined && filter[key] !== '')
    .map((key) => `${names[key]} ${String(filter[key])}`)
    .join(', ');
}

type Step =
  | { kind: 'counting' }
  | { kind: 'confirm'; count: number }
  | { kind: 'starting'; count: number }
  | { kind: 'running'; job: BatchJob | undefined; jobId: string }
  | { kind: 'done'; job: BatchJob | undefined; count: number };

/**
 * One bulk action on every task `filter` matches, as POST /tasks/batch runs it: first a dry run,
 * whose count the confirmation shows; then the job, followed (GET /tasks/batch/{job_id}) to its
 * end and its outcome. The API narrows a submitter's filter to its own tasks, so the count is
 * what the caller may act on. `onClose` puts the panel away (the job runs on regardless).
 */
export function BulkFlow({ filter, action, onClose }: { filter: TaskFilter; action: BulkActionName; onClose: () => void }) {
  const { api, me } = useSession();
  const [step, setStep] = useState<Step>({ kind: 'counting' });
  const [error, setError] = useState<string>();
  const panel = useRef<HTMLElement>(null);
  const { verb, doing, done } = BULK_VERBS[action];
  const described = describeFilter(filter);
  const request = { filter, action, reason: `bulk ${action} from the dashboard by ${me.name ?? 'anonymous'}` };

  // The panel opens where the operator did not click: take the focus there, for the keyboard.
  useEffect(() => panel.current?.focus(), []);

  useEffect(() => {
    let live = true;
    api.request<BatchCount>('POST', '/tasks/batch', { body: { ...request, dry_run: true } }).then(
      (answer) => live && setStep({ kind: 'confirm', count: answer.body.count }),
      (failure: unknown) => live && setError(errorText(failure)),
    );
    return () => void (live = false);
    // Counted once, for the filter and action the panel opened with.
  }, []);

  const jobId = step.kind === 'running' ? step.jobId : undefined;
  useEffect(() => {
    if (!jobId) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    const poll = async () => {
      try {
        const job = (await api.request<BatchJob>('GET', `/tasks/batch/${encodeURIComponent(jobId)}`)).body;
        if (!live) return;
        if (job.state === 'running') {
          setStep({ kind: 'running', job, jobId });
          timer = setTimeout(() => void poll(), POLL_MS);
        } else setStep({ kind: 'done', job, count: job.total });
      } catch (failure) {
        if (live) setError(errorText(failure));
      }
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, jobId]);

  const start = async (count: number) => {
    setStep({ kind: 'starting', count });
    try {
      const started = (await api.request<BatchStarted>('POST', '/tasks/batch', { body: request })).body;
      // Nothing matched any more (the tasks ended meanwhile): no job started.
      setStep(started.job_id === null ? { kind: 'done', job: undefined, count: 0 } : { kind: 'running', job: undefined, jobId: started.job_id });
    } catch (failure) {
      setError(errorText(failure));
    }
  };

  const tasks = (n: number) => `${n.toLocaleString()} task${n === 1 ? '' : 's'}`;
  return (
    <section className="bulk" aria-label="Bulk action" tabIndex={-1} ref={panel}>
      {error ? (
        <p role="alert" className="error">
          {verb} by filter failed: {error}
        </p>
      ) : step.kind === 'counting' ? (
        <p role="status">Counting the tasks matching {described}…</p>
      ) : step.kind === 'confirm' || step.kind === 'starting' ? (
        step.count === 0 ? (
          <p role="status">
            No tasks match {described}: nothing to {verb.toLowerCase()}.
          </p>
        ) : (
          <>
            <p>
              <strong>
                {verb} {tasks(step.count)} matching {described}?
              </strong>
            </p>
            <p className="note">
              {action === 'rerun'
                ? 'Each one that ended without a result goes again as a new task with the same parameters.'
                : action === 'cancel'
                  ? 'Each one still going is asked to stop: its activities learn it at their next heartbeat.'
                  : 'Each one still going ends at once: no cleanup runs in it.'}
            </p>
            <div className="buttons">
              <button type="button" className={action === 'rerun' ? undefined : 'danger'} disabled={step.kind === 'starting'} onClick={() => void start(step.count)}>
                {verb} {tasks(step.count)}
              </button>
              <button type="button" className="secondary" disabled={step.kind === 'starting'} onClick={onClose}>
                Never mind
              </button>
            </div>
          </>
        )
      ) : step.kind === 'running' ? (
        <div className="progress" role="status" aria-live="polite">
          <progress max={step.job?.total || 1} value={step.job ? step.job.completed + step.job.failed : 0} aria-label="Bulk job progress" />
          <span>
            {doing}: {step.job ? `${(step.job.completed + step.job.failed).toLocaleString()} of ${step.job.total ? tasks(step.job.total) : '?'} done` : 'starting…'}
          </span>
        </div>
      ) : (
        <Outcome job={step.job} done={done} tasks={tasks} />
      )}
      {error || step.kind === 'running' || step.kind === 'done' || (step.kind === 'confirm' && step.count === 0) ? (
        <button type="button" className="secondary" onClick={onClose}>
          {step.kind === 'running' && !error ? 'Hide (the job goes on)' : 'Close'}
        </button>
      ) : null}
    </section>
  );
}

function Outcome({ job, done, tasks }: { job: BatchJob | undefined; done: string; tasks: (n: number) => string }) {
  if (!job) return <p role="status">No tasks matched any more: no job started.</p>;
  return (
    <div role="status" aria-label="Bulk job outcome">
      <p>
        <strong>{job.state === 'completed' ? 'Done' : 'The job failed'}</strong>: {done} {job.completed.toLocaleString()} of {tasks(job.total)}
        {job.failed ? `; ${job.failed.toLocaleString()} failed` : ''}.
      </p>
      {job.failures?.length ? (
        <ul>
          {job.failures.map((failure) => (
            <li key={failure.task_id}>
              <span className="mono">{failure.task_id}</span>: {failure.error}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
