import type { TaskStatus } from '../tasks/status';
import type { FailureSummary } from '../temporal/tasks/failure-summary';

/** A completed task's result on stdout, as indented JSON (what scripts pipe into `jq`). */
export function printResult(result: unknown): void {
  console.log(JSON.stringify(result ?? null, null, 2));
}

/** Why a task did not complete, on stderr: the failure's type and message, then its causes. */
export function printFailure(status: TaskStatus, failure: FailureSummary | null | undefined): void {
  console.error(failure ? `task ${status}: ${failure.type}: ${failure.message}` : `task ${status}`);
  for (const cause of failure?.causes ?? []) console.error(`  caused by ${cause.type}: ${cause.message}`);
}
