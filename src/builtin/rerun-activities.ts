import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { RerunFailure, RerunJob, RerunPage } from '../contract/rerun';
import type { TaskRegistry } from '../tasks/registry';
import { loadTask } from '../temporal/tasks/load-task';
import { retryTask } from '../temporal/tasks/retry-task';

/** Tasks one page re-runs: one activity's work, heartbeating after each. */
const PAGE_SIZE = 100;

/** gRPC codes that say Temporal could not answer now: the page is tried again, not the task given up. */
const TRANSIENT_CODES = new Set([4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 14 /* UNAVAILABLE */]);

export interface RerunPageInput {
  jobId: string;
  query: string;
  caller: RerunJob['caller'];
  pageToken: string | undefined;
}

/** The activity of a bulk re-run job (`conveyorRerun`), which every Conveyor worker registers. */
export function createRerunActivities(deps: { client: Client; registry: TaskRegistry }) {
  return {
    /**
     * Re-runs one page of the job's tasks as new tasks, by `retryTask` as a single retry does. A
     * task that cannot go again (its parameters no longer fit its type, say) is reported, not
     * retried; Temporal being unreachable fails the page, which its retry policy tries again.
     */
    async conveyorRerunPage(input: RerunPageInput): Promise<RerunPage> {
      const { client, registry } = deps;
      const page = await client.workflowService.listWorkflowExecutions({
        namespace: client.options.namespace,
        query: input.query,
        pageSize: PAGE_SIZE,
        nextPageToken: input.pageToken === undefined ? undefined : Buffer.from(input.pageToken, 'base64'),
      });
      let started = 0;
      const failures: RerunFailure[] = [];
      for (const row of page.executions ?? []) {
        const taskId = row.execution?.workflowId ?? '';
        try {
          const loaded = await loadTask(client, taskId, input.caller, 'write');
          // The same id on a repeat of this page: the task started then is found, not started again.
          await retryTask(client, registry, loaded, input.caller, undefined, { idempotencyKey: `rerun:${input.jobId}:${taskId}` });
          started += 1;
        } catch (error) {
          if (TRANSIENT_CODES.has((error as { code?: number }).code ?? -1)) throw error;
          failures.push({ taskId, error: (error as Error).message });
        }
        Context.current().heartbeat();
      }
      const token = page.nextPageToken?.length ? Buffer.from(page.nextPageToken).toString('base64') : undefined;
      return { started, failures, nextPageToken: token };
    },
  };
}
