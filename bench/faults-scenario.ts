import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { deferred } from '../test/helpers/deferred';
import { awaitResult, submitWithKey, type TaskOutcome } from './faults-client';
import type { JsonClient } from './http-client';

/** The process a scenario crashes: how to kill it (resolves once it is gone) and start it again (resolves once it is ready). */
export interface Fault {
  kill(): Promise<void>;
  restart(): Promise<void>;
}

export interface ScenarioSettings {
  tasks: number;
  inFlight: number;
  steps: number;
  stepMs: number;
  downMs: number;
  /** From the send of the submit that triggers the kill to the kill: long enough for the API to start that task, so its answer may be lost. */
  killLagMs: number;
  /** Clients stop asking at this time (Date.now()); what has not completed by then is missing. */
  deadline: number;
}

/** What happened while the fault ran, before any check: each task's outcome and the fault's times. */
export interface ScenarioRun {
  outcomes: TaskOutcome[];
  inFlightAtKill: number;
  /** From the kill to the restart being ready. */
  downMs: number;
  /** From the restart being ready to the last task's result. */
  restartToLastDoneMs: number;
  wallMs: number;
}

/**
 * Runs `settings.tasks` tasks on `queue`, `settings.inFlight` at a time (closed loop: a client
 * submits its next task once its last one ended), and kills the fault's process
 * `settings.killLagMs` after the submit of the task a third of the way in was sent (so at least
 * that submit meets the fault); it starts again `settings.downMs` after the kill. `name` goes into
 * the Idempotency-Keys.
 */
export async function runScenario(name: string, queue: string, fault: Fault, http: JsonClient, settings: ScenarioSettings): Promise<ScenarioRun> {
  const began = performance.now();
  const run = randomUUID();
  const outcomes: TaskOutcome[] = Array.from({ length: settings.tasks }, (_, i) => ({ key: `bench-faults-${name}-${run}-${i}`, taskIds: new Set(), submitRetries: 0, replayed: false, resultlessAnswers: 0 }));
  const body = { task_name: 'example_step_sequence', parameters: { steps: settings.steps, step_ms: settings.stepMs }, queue };
  const killPoint = deferred();
  const killAtTask = Math.floor(settings.tasks / 3);
  let next = 0;
  let inFlight = 0;

  const client = async (): Promise<void> => {
    while (next < outcomes.length && Date.now() < settings.deadline) {
      const index = next++;
      const outcome = outcomes[index]!;
      inFlight++;
      const submitted = submitWithKey(http, outcome, body, settings.deadline);
      if (index === killAtTask) killPoint.resolve();
      const taskId = await submitted;
      if (taskId !== undefined) await awaitResult(http, outcome, taskId, settings.deadline);
      inFlight--;
    }
    // A run cut short by its deadline never reaches the kill point: let the fault go on and end.
    killPoint.resolve();
  };

  const crash = async (): Promise<{ inFlightAtKill: number; downMs: number; restartedAt: number }> => {
    await killPoint.promise;
    await sleep(settings.killLagMs);
    const inFlightAtKill = inFlight;
    const killedAt = performance.now();
    await fault.kill();
    await sleep(Math.max(0, settings.downMs - (performance.now() - killedAt)));
    await fault.restart();
    const restartedAt = performance.now();
    return { inFlightAtKill, downMs: restartedAt - killedAt, restartedAt };
  };

  const [faultTimes] = await Promise.all([crash(), ...Array.from({ length: settings.inFlight }, client)]);
  const lastDone = Math.max(...outcomes.map((outcome) => outcome.doneAt ?? -Infinity));
  return {
    outcomes,
    inFlightAtKill: faultTimes.inFlightAtKill,
    downMs: faultTimes.downMs,
    restartToLastDoneMs: lastDone - faultTimes.restartedAt,
    wallMs: performance.now() - began,
  };
}
