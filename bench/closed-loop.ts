import type { OnAccepted, TaskOutcome } from './load-paths';

/** What one closed-loop run saw: the ids accepted, the tasks whose result came back, the calls that failed. */
export interface LoopRun {
  accepted: Set<string>;
  outcomes: TaskOutcome[];
  errors: string[];
  /** Wall clock around the run: visibility is asked for the executions started in between. */
  startedAt: Date;
  endedAt: Date;
  wallMs: number;
}

/**
 * Closed-loop load: `users` callers, each submitting its next task only when the previous one's
 * result is back, until `count` tasks were taken (or `stop` fires). A failed task is recorded and
 * the caller goes on, so the accounting afterwards sees what went missing.
 */
export async function closedLoop(count: number, users: number, one: (onAccepted: OnAccepted) => Promise<TaskOutcome>, stop: AbortSignal): Promise<LoopRun> {
  const run: LoopRun = { accepted: new Set(), outcomes: [], errors: [], startedAt: new Date(), endedAt: new Date(), wallMs: 0 };
  const onAccepted: OnAccepted = (taskId) => run.accepted.add(taskId);
  let taken = 0;
  const user = async (): Promise<void> => {
    while (taken < count && !stop.aborted) {
      taken++;
      try {
        run.outcomes.push(await one(onAccepted));
      } catch (error) {
        run.errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: Math.min(users, count) }, user));
  run.wallMs = performance.now() - began;
  run.endedAt = new Date();
  return run;
}
