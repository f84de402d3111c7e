import path from 'node:path';
import type { Logger } from '../log';
import type { ChildRole, ConveyorChild } from './child-process';
import { isProjectReport, type ProjectReport } from './project-report';
import { watchSources } from './source-watcher';

/** What the reload needs from the supervisor of `conveyor dev`. */
export interface DevChildren {
  /** Starts a worker child; its end is not yet unexpected (a new worker may fail to load). */
  start(role: ChildRole): ConveyorChild;
  /**
   * The child serving the role now: the one last given to `serve`, or the supervisor's own
   * replacement of it after a crash; none once it is retired.
   */
  current(role: ChildRole): ConveyorChild | undefined;
  /** From now on the child serves its role, in place of the current one: its end is unexpected (the supervisor restarts it). */
  serve(child: ConveyorChild): void;
  /** Stops a child that is no longer needed (a worker drains its in-flight activities first). */
  retire(child: ConveyorChild | undefined): Promise<void>;
  /** True once the stack is stopping: a reload under way gives up, and the stop ends its children. */
  stopping(): boolean;
}

/**
 * The dev loop: watches the application's files (the module graph the running worker loaded)
 * and, when one changes, starts a new worker process on the changed code. Once its worker
 * serves, the previous process stops: its API lets go of the port, which the new one's takes
 * (api-handover.ts), and its worker drains; one log line says so. A change that does not load (a
 * syntax error, a broken registry, a workflow bundle that does not build) ends the new process
 * before it serves: its error is logged and the previous one keeps serving. Changes saved during
 * a reload make one more reload after it. Returns what stops the watching.
 */
export function reloadOnChange(children: DevChildren, running: ConveyorChild, log: Logger): () => void {
  // A save while the stack is still starting reloads once it has started, not halfway.
  const started = Promise.all([running.ready, running.apiReady]).catch(() => undefined);
  const queued = new Set<string>();
  let reloading: Promise<void> | undefined;
  const watcher = watchSources(
    (changed) => {
      for (const file of changed) queued.add(file);
      if (!reloading) reloading = reloadQueued().finally(() => (reloading = undefined));
    },
    (error) => log.warn(`watching the application's files: ${error.message}`),
  );

  onProjectReport(running, (report) => {
    watcher.watch(report.files);
    log.info(`watching the application's ${report.files.length} source files: a saved change restarts the worker (\`conveyor dev --no-watch\` does not)`);
  });

  async function reloadQueued(): Promise<void> {
    await started;
    while (queued.size > 0 && !children.stopping()) {
      const changed = [...queued];
      queued.clear();
      const what = describeChange(changed);
      try {
        await reload(what);
      } catch (error) {
        // Nothing the application does gets here (its failures end the new worker); this process
        // failing to start one must not end the stack either.
        log.error(`reload failed: ${what}; ${(error as Error).message}; the previous worker keeps serving`);
      }
    }
  }

  async function reload(what: string): Promise<void> {
    const next = children.start('worker');
    let report: ProjectReport | undefined;
    onProjectReport(next, (received) => (report = received));
    try {
      await next.ready;
    } catch (error) {
      if (children.stopping()) return;
      const reason = next.lastError()?.replace(/^error: /, '') ?? (error as Error).message;
      log.error(`reload failed: ${what}; ${reason}; the previous worker keeps serving`);
      watcher.retryOnAnySource(true);
      return;
    }
    if (children.stopping()) return;
    // The worker that serves now: the one the stack started, the last reload's, or a restart of either after a crash.
    const previous = children.current('worker');
    children.serve(next);
    void children.retire(previous); // its API lets go of the port at once; its worker drains in the background, and a stop waits for it
    watcher.retryOnAnySource(false);
    if (report) watcher.watch(report.files);
    const serving = await next.apiReady.then(() => true, () => false);
    if (!serving) return; // the supervisor says so, and starts another (or gives up)
    log.info(`reloaded: ${what}; worker and API restarted`);
  }

  return () => watcher.close();
}

function onProjectReport(child: ConveyorChild, use: (report: ProjectReport) => void): void {
  child.process.on('message', (message: unknown) => {
    if (isProjectReport(message)) use(message);
  });
}

/** `src/activities.ts changed`, relative to the working folder; a long list is cut short. */
function describeChange(files: string[]): string {
  const shown = files.map((file) => {
    const relative = path.relative(process.cwd(), file);
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  });
  const listed = shown.length > 3 ? `${shown.slice(0, 3).join(', ')} and ${shown.length - 3} more` : shown.join(', ');
  return `${listed} changed`;
}
