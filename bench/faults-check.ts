import type { StepResult, TaskOutcome } from './faults-client';
import type { QueueExecutions } from './faults-visibility';

/** The figures of one scenario after checking what the clients saw against what Temporal holds. */
export interface ScenarioCheck {
  /** Results that came back completed with each step once, in order. */
  completed: number;
  /**
   * Executions beyond one per key: a key answered with two task ids, an id that ran twice, or an
   * execution on the scenario's queue that no answer named.
   */
  duplicated: number;
  /** Keys never accepted, whose result never came, or whose task Temporal does not hold. */
  missing: number;
  /** Results that came back, but not completed with each step once in order. */
  wrong: number;
  submitRetries: number;
  /** Keys that needed more than one submit. */
  retriedKeys: number;
  /** Keys the API answered 200 (`existing`): an attempt whose answer was lost had started the task. */
  replayedKeys: number;
  /** Result answers of 200 `completed` without the result (asked again; see faults-client.ts). */
  resultlessAnswers: number;
  /** Step attempts beyond the first, over every result: Temporal runs an activity at least once. */
  activityReruns: number;
  /** Executions on the queue, as visibility counts them. */
  executions: number;
  /** The first few wrong results, to show what went wrong. */
  wrongSamples: { key: string; taskIds: string[]; status: string | undefined; steps: StepResult[] | undefined }[];
}

/** Steps 1..`steps`, each exactly once, in order. */
function isEachStepOnce(result: StepResult[] | undefined, steps: number): boolean {
  return result !== undefined && result.length === steps && result.every((s, index) => s.step === index + 1);
}

export function checkScenario(outcomes: TaskOutcome[], executions: QueueExecutions, steps: number): ScenarioCheck {
  const named = new Set(outcomes.flatMap((outcome) => [...outcome.taskIds]));
  const strays = [...executions.perId.entries()].filter(([id]) => !named.has(id)).reduce((sum, [, count]) => sum + count, 0);
  let duplicated = strays;
  let missing = 0;
  for (const outcome of outcomes) {
    const runs = [...outcome.taskIds].reduce((sum, id) => sum + (executions.perId.get(id) ?? 0), 0);
    // Two ids for one key break idempotency even if only one of them ran.
    duplicated += Math.max(0, runs - 1, outcome.taskIds.size - 1);
    if (runs === 0 || outcome.status === undefined) missing++;
  }
  const isRight = (outcome: TaskOutcome) => outcome.status === 'completed' && isEachStepOnce(outcome.steps, steps);
  const completed = outcomes.filter(isRight).length;
  const wrongOnes = outcomes.filter((outcome) => outcome.status !== undefined && !isRight(outcome));
  return {
    completed,
    duplicated,
    missing,
    wrong: wrongOnes.length,
    submitRetries: outcomes.reduce((sum, outcome) => sum + outcome.submitRetries, 0),
    retriedKeys: outcomes.filter((outcome) => outcome.submitRetries > 0).length,
    replayedKeys: outcomes.filter((outcome) => outcome.replayed).length,
    resultlessAnswers: outcomes.reduce((sum, outcome) => sum + outcome.resultlessAnswers, 0),
    activityReruns: outcomes.reduce((sum, outcome) => sum + (outcome.steps ?? []).reduce((reruns, s) => reruns + s.attempt - 1, 0), 0),
    executions: executions.total,
    wrongSamples: wrongOnes.slice(0, 3).map((outcome) => ({ key: outcome.key, taskIds: [...outcome.taskIds], status: outcome.status, steps: outcome.steps })),
  };
}
