import type { Progress } from '../workflows/progress';

/** Identifies the workflow run an activity belongs to. */
export interface WorkflowRef {
  workflowId: string;
  runId: string;
}

/** What activities need from the outside world; tests pass fakes, the worker passes real ones. */
export interface ActivityDeps {
  /** Tells a workflow how far its activity has come (in production: a signal to that workflow). */
  reportProgress(workflow: WorkflowRef, progress: Progress): Promise<void>;
}
