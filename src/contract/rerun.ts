/**
 * What a bulk re-run job (POST /tasks/batch with action `rerun`) carries between its runs and
 * reports. Temporal's batch operations act on existing workflows only; a re-run starts new tasks,
 * so it is a workflow of Conveyor's own that pages through the filter's tasks, one activity per
 * page. Workflow-safe: definitions only.
 */
export const RERUN_WORKFLOW_TYPE = 'conveyorRerun';

export interface RerunJob {
  /** The visibility query of the tasks to re-run, bounded to those created before the job started. */
  query: string;
  /** Who asked: the new tasks are theirs, as a single retry's are. */
  caller: { name: string; role: 'admin' | 'submitter' | 'viewer' };
  /** Tasks the query matched as the job started. */
  total: number;
  reason: string;
  /** Where the next page starts (visibility's page token, base64); absent on the first page. */
  pageToken?: string | undefined;
  /** Counts so far, carried over continue-as-new. */
  started: number;
  failed: number;
  /** The latest failures (at most {@link RERUN_FAILURES_KEPT}): which task, and why. */
  failures: RerunFailure[];
}

export interface RerunFailure {
  taskId: string;
  error: string;
}

export const RERUN_FAILURES_KEPT = 20;

/** One page's work, as its activity reports it. */
export interface RerunPage {
  started: number;
  failures: RerunFailure[];
  nextPageToken: string | undefined;
}

/**
 * The memo the job keeps its progress in, page by page, so the API reads it with a describe (no
 * worker needed, as a query would): the job as it stands, without its page token.
 */
export const RERUN_PROGRESS_MEMO = 'conveyor_rerun';

export type RerunProgress = Omit<RerunJob, 'pageToken' | 'query'>;

/** The job's progress as its memo holds it. */
export function rerunProgressOf(job: RerunJob): RerunProgress {
  return { caller: job.caller, total: job.total, reason: job.reason, started: job.started, failed: job.failed, failures: job.failures };
}
