import { continueAsNew, proxyActivities, upsertMemo, workflowInfo } from '@temporalio/workflow';
import { RERUN_FAILURES_KEPT, RERUN_PROGRESS_MEMO, rerunProgressOf, type RerunJob } from '../contract/rerun';
import type { createRerunActivities } from './rerun-activities';

const { conveyorRerunPage } = proxyActivities<ReturnType<typeof createRerunActivities>>({
  // A page re-runs up to 100 tasks, each a start call: minutes at worst on a loaded cluster.
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1s', maximumInterval: '1 minute' },
});

/**
 * A bulk re-run: every task its query matches goes again as a new task (same type, parameters,
 * queue and priority; `retry_of` names the old one), a page at a time. A page's activity may run
 * twice (a worker lost mid-page): each new task's id comes from the job and the old task, so a
 * repeat finds the task it started before instead of starting another. Its memo holds its
 * progress, page by page, for GET /tasks/batch/{job_id}.
 */
export async function conveyorRerun(carried: RerunJob): Promise<RerunJob> {
  const job: RerunJob = { ...carried };
  for (;;) {
    const page = await conveyorRerunPage({ jobId: workflowInfo().workflowId, query: job.query, caller: job.caller, pageToken: job.pageToken });
    job.started += page.started;
    job.failed += page.failures.length;
    job.failures = [...job.failures, ...page.failures].slice(-RERUN_FAILURES_KEPT);
    job.pageToken = page.nextPageToken;
    upsertMemo({ [RERUN_PROGRESS_MEMO]: rerunProgressOf(job) });
    if (job.pageToken === undefined) return job;
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof conveyorRerun>(job);
  }
}
