/** A step that stops something a benchmark started. */
type Step = () => Promise<void> | void;

/**
 * What a benchmark started, stopped in reverse order whether it ends, fails or is interrupted.
 * Each step runs once: the `finally` and a signal may both ask for it.
 */
export class Teardown {
  private readonly steps: Step[] = [];
  private running: Promise<void> | undefined;

  /** Registers a step; returns it, made to run once, so the benchmark can also run it earlier itself. */
  add(step: Step): () => Promise<void> {
    let done: Promise<void> | undefined;
    const once = (): Promise<void> => (done ??= Promise.resolve().then(step));
    this.steps.push(once);
    return once;
  }

  /**
   * Registers the stop of something still starting: a signal during its start waits for it to be up
   * (or to fail) and stops it then, so nothing started is left behind (a dev server runs in a
   * process group of its own: a Ctrl-C does not reach it).
   */
  track<T>(starting: Promise<T>, stop: (started: T) => Promise<void> | void): { started: Promise<T>; stop: () => Promise<void> } {
    const stopOnce = this.add(async () => {
      const started = await starting.then(
        (value) => ({ value }),
        () => undefined,
      );
      if (started) await stop(started.value);
    });
    return { started: starting, stop: stopOnce };
  }

  /** Runs every step not yet run, the last registered first; a failing step is reported and the rest still run. */
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of [...this.steps].reverse()) {
        try {
          await step();
        } catch (error) {
          console.error('a teardown step failed:', error);
        }
      }
    })();
    return this.running;
  }
}

const SIGNAL_EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** How often the benchmark checks that whoever started it still runs. */
const PARENT_CHECK_MS = 1000;

/**
 * On Ctrl-C, SIGTERM or SIGHUP: runs the teardown, then exits with the signal's code. A second
 * signal while it runs is ignored (the default would exit and leave the rest running). Also when
 * the process that started the benchmark is gone (npm killed, or the `sh -c` between npm and the
 * benchmark, which does not pass a SIGTERM on): the benchmark would otherwise run on, orphaned.
 */
export function tearDownOnSignals(teardown: Teardown): void {
  let stopping = false;
  const stop = (why: string, code: number): void => {
    if (stopping) return void console.error(`${why}: already stopping what the benchmark started`);
    stopping = true;
    clearInterval(watch);
    console.error(`${why}: stopping what the benchmark started`);
    void teardown.run().finally(() => process.exit(code));
  };
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) stop(`the parent process (${parent}) is gone`, 1);
  }, PARENT_CHECK_MS);
  for (const [signal, code] of Object.entries(SIGNAL_EXIT_CODES) as [NodeJS.Signals, number][]) {
    process.on(signal, () => stop(signal, code));
  }
  // The watch alone never keeps the benchmark running.
  watch.unref();
}
