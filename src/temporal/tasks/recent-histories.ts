import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { mapConcurrently } from './map-concurrently';
import { taskNameOf } from './task-name';
import { recentRunsQuery } from './visibility-query';

type History = temporal.api.history.v1.IHistory;

/** Histories fetched at once: enough to overlap round trips, few enough to spare a cluster's frontend. */
const FETCH_CONCURRENCY = 8;

/** One run of a task, as visibility lists it. */
export interface RecentRun {
  taskId: string;
  runId: string;
  taskName: string;
}

export interface RecentHistories {
  fetched: (RecentRun & { history: History })[];
  /** Runs whose history could not be read (deleted by retention meanwhile, say), with why. */
  unfetched: (RecentRun & { error: string })[];
}

/**
 * The newest `limit` runs of these task types that are running or started or ended since `since`,
 * in visibility's order (running first, then the latest ended).
 */
export async function listRecentRuns(client: Client, filter: { taskNames: readonly string[]; since: Date; limit: number }): Promise<RecentRun[]> {
  const runs: RecentRun[] = [];
  if (filter.limit < 1) return runs;
  const query = recentRunsQuery(filter.taskNames, filter.since);
  for await (const execution of client.workflow.list({ query, pageSize: Math.min(filter.limit, 1000) })) {
    runs.push({ taskId: execution.workflowId, runId: execution.runId, taskName: taskNameOf(execution) ?? execution.type });
    if (runs.length >= filter.limit) break;
  }
  return runs;
}

/** Each run's event history, a few at a time; a run whose history cannot be read is set aside, not fatal. */
export async function fetchHistories(client: Client, runs: readonly RecentRun[]): Promise<RecentHistories> {
  const outcomes = await mapConcurrently(runs, FETCH_CONCURRENCY, async (run): Promise<{ run: RecentRun; history: History } | { run: RecentRun; error: string }> => {
    try {
      return { run, history: await client.workflow.getHandle(run.taskId, run.runId).fetchHistory() };
    } catch (error) {
      return { run, error: (error as Error).message ?? String(error) };
    }
  });
  const histories: RecentHistories = { fetched: [], unfetched: [] };
  for (const outcome of outcomes) {
    if ('history' in outcome) histories.fetched.push({ ...outcome.run, history: outcome.history });
    else histories.unfetched.push({ ...outcome.run, error: outcome.error });
  }
  return histories;
}
