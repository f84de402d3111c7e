import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log';
import type { ChildRole, ConveyorChild } from './child-process';
import type { DevChildren } from './reload-on-change';
import { judgeCrash, RESTART_POLICY } from './restart-policy';

export interface SupervisedChildren extends DevChildren {
  /** Ends every child (a worker drains its in-flight activities first) and every restart still waiting out its back-off. */
  stopAll(): Promise<void>;
}

export interface SuperviseOptions {
  /** Starts a new child for the role. */
  spawn(role: ChildRole): ConveyorChild;
  /** How long a stopped child may take before it is killed. */
  graceMs: number;
  /** Multiplies the restart back-off (1 but in tests: CONVEYOR_DEV_RESTART_BACKOFF_SCALE). */
  backoffScale?: number;
  log: Logger;
  /** Called (once the reason is logged) when the stack cannot go on: it should stop everything, with a failure. */
  fail(): void;
}

/**
 * The worker and the API of `conveyor dev`: which child serves each role, and what happens when
 * the serving one dies. Until the role has been ready once, that ends the stack (it could not
 * start; the child printed why). After, a kill -9 or a crash is not the end of the stack: the role
 * starts again after a back-off ({@link judgeCrash}), with one log line, until it keeps dying
 * right after its start; then the stack stops, saying so.
 */
export function superviseChildren({ spawn, graceMs, backoffScale = 1, log, fail }: SuperviseOptions): SupervisedChildren {
  const live = new Set<ConveyorChild>(); // every child not yet ended: what a stop must end
  const serving = new Map<ChildRole, ConveyorChild>(); // the child whose end is unexpected, per role
  const readyAt = new Map<ConveyorChild, number>();
  const servedOnce = new Set<ChildRole>();
  const quickCrashes = new Map<ChildRole, number>();
  const backOffs = new AbortController(); // a stop cuts the waits short
  let stopping = false;

  function start(role: ChildRole): ConveyorChild {
    const child = spawn(role);
    live.add(child);
    // Serving once its worker polls and its API listens: a worker whose API cannot listen (its
    // port taken) ends the stack at once, as a failed start, rather than being started again.
    Promise.all([child.ready, child.apiReady]).then(
      () => {
        readyAt.set(child, Date.now());
        servedOnce.add(role);
      },
      () => undefined, // who waits for this child reports it
    );
    void child.exited.then((code) => {
      live.delete(child);
      const unexpected = !stopping && serving.get(role) === child;
      if (unexpected) void restartAfterCrash(child, code);
      readyAt.delete(child);
    });
    return child;
  }

  async function restartAfterCrash(child: ConveyorChild, code: number | string): Promise<void> {
    const { role } = child;
    if (!servedOnce.has(role)) {
      log.error(`${role} exited unexpectedly (${describeExit(code)}); stopping everything`);
      fail();
      return;
    }
    const ready = readyAt.get(child);
    const servedMs = ready === undefined ? undefined : Date.now() - ready;
    const verdict = judgeCrash(quickCrashes.get(role) ?? 0, servedMs, backoffScale);
    quickCrashes.set(role, verdict.quickCrashes);
    const how = `${describeExit(code)}, ${servedMs === undefined ? 'before it was ready' : `after serving ${Math.round(servedMs / 1000)} s`}`;
    if (!verdict.restart) {
      const lastError = child.lastError()?.replace(/^error: /, '');
      log.error(
        `${role} keeps exiting soon after it starts (${verdict.quickCrashes} times in a row before serving ${RESTART_POLICY.steadyAfterMs / 1000} s;` +
          ` the last: ${how}${lastError ? `; its last error: ${lastError}` : ''}); not starting it again; stopping everything`,
      );
      fail();
      return;
    }
    log.warn(`${role} exited unexpectedly (${how}); starting a new one in ${verdict.delayMs / 1000} s`);
    await sleep(verdict.delayMs, undefined, { signal: backOffs.signal }).catch(() => undefined);
    // Stopping, or the dev loop has put another child in its place meanwhile.
    if (stopping || serving.get(role) !== child) return;
    serving.set(role, start(role));
  }

  return {
    start,
    current: (role) => serving.get(role),
    serve: (child) => void serving.set(child.role, child),
    retire(child) {
      if (!child) return Promise.resolve();
      if (serving.get(child.role) === child) serving.delete(child.role);
      return child.stop(graceMs);
    },
    stopping: () => stopping,
    async stopAll() {
      stopping = true;
      backOffs.abort();
      await Promise.all([...live].map((child) => child.stop(graceMs)));
    },
  };
}

/** `exit code 1`, or the signal that ended the child (`SIGKILL`). */
function describeExit(code: number | string): string {
  return typeof code === 'number' ? `exit code ${code}` : code;
}
