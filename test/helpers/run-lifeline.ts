import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import type { Socket } from 'node:net';
import path from 'node:path';

/** The variable every process of a test run inherits, so the run's reaper can find them all. */
export const RUN_MARK = 'CONVEYOR_TEST_RUN';

/**
 * Ties what a test run starts to the run's own life, not only to its global teardown (which an
 * interrupted or killed vitest never reaches): marks the run's environment, gives it a temporary
 * folder of its own (os.tmpdir() in every process it starts), and starts its reaper
 * (run-reaper.mjs), which stops the marked processes and removes that folder once the main vitest
 * process is gone, whatever ended it. Call it in the global setup, before anything starts.
 */
export function startRunLifeline(): { runId: string; tmpRoot: string } {
  const runId = randomUUID();
  const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'conveyor-test-run-'));
  // The reaper carries no mark (it must not reap itself) and has a pipe from this process on its
  // stdin; nothing writes to it, and it closes when this process ends. Detached: a Ctrl-C on the
  // terminal must not stop it before the processes it is there to stop.
  const unmarked = { ...process.env };
  delete unmarked[RUN_MARK];
  const reaper = spawn(process.execPath, [path.join(__dirname, 'run-reaper.mjs'), runId, tmpRoot], {
    detached: true,
    env: unmarked,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  reaper.unref();
  // Its pipe must not keep this process alive either.
  (reaper.stdin as Socket | null)?.unref();
  // Inherited by the processes started from here on, vitest's own test processes among them.
  process.env[RUN_MARK] = runId;
  process.env.TMPDIR = tmpRoot;
  return { runId, tmpRoot };
}
