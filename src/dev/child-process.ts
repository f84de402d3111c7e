import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { isWorkerMetricsMessage } from './worker-metrics-relay';

/** What a child sends once it serves (a worker: once it polls every queue). */
export interface ReadyMessage {
  type: 'ready';
}

/** What a worker of `conveyor dev` sends once the Task API it serves too listens, with the URL it really listens on (CONVEYOR_API_PORT=0 picks a free port). */
export interface ApiReadyMessage {
  type: 'api-ready';
  url: string;
}

/** What a child of `conveyor dev` is there for: a worker, which serves the Task API too. */
export type ChildRole = 'worker';

/** A Conveyor process (`conveyor <args>`) started by `conveyor dev`. */
export interface ConveyorChild {
  role: ChildRole;
  process: ChildProcess;
  /** Resolves when the child says it is serving (an IPC `{type: 'ready'}` message). */
  ready: Promise<ReadyMessage>;
  /** Resolves with the URL of the Task API the child serves, once it listens (an IPC `{type: 'api-ready'}` message). */
  apiReady: Promise<string>;
  /** Resolves with the exit code (or signal name) when the child ends. */
  exited: Promise<number | string>;
  /** The loopback port the child's worker exports the SDK's metrics on, once it says so (worker-metrics-relay.ts). */
  metricsPort(): number | undefined;
  /** The last `error: ...` line the child printed (what the CLI prints when a command fails). */
  lastError(): string | undefined;
  /**
   * SIGTERM, then SIGKILL if it has not ended within `graceMs`. Asking again waits for the same
   * stop: a second SIGTERM would kill a worker that is draining (the SDK handles only the first).
   */
  stop(graceMs: number): Promise<void>;
}

/** How much of a child's error output is kept to find its last error line. */
const ERROR_TAIL_CHARS = 8192;

/**
 * Runs this same CLI again as a child (same Node flags plus `nodeFlags`, same entry point, this
 * environment plus `env`), sharing the terminal so every process writes to one log stream (its
 * error output passes through this process, which keeps the tail). The child gets its own process
 * group: a Ctrl-C reaches only the supervisor, which stops the children in order.
 */
export function spawnConveyor(role: ChildRole, args: string[], env: NodeJS.ProcessEnv = {}, nodeFlags: readonly string[] = []): ConveyorChild {
  const entry = process.argv[1];
  if (!entry) throw new Error('cannot tell which script is running');
  const child = spawn(process.execPath, [...process.execArgv, ...nodeFlags, entry, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    detached: true,
  });
  let errorTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    errorTail = (errorTail + chunk.toString()).slice(-ERROR_TAIL_CHARS);
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const ready = untilExit<ReadyMessage>(exited, (code) => `${role} exited (${code}) before it was ready`);
  const apiReady = untilExit<string>(exited, (code) => `${role} exited (${code}) before its API listened`);
  let metricsPort: number | undefined;
  child.on('message', (received: unknown) => {
    if (isWorkerMetricsMessage(received)) metricsPort = received.port;
    const message = received as Partial<ReadyMessage | ApiReadyMessage> | undefined;
    if (message?.type === 'ready') ready.resolve({ type: 'ready' });
    if (message?.type === 'api-ready' && typeof message.url === 'string') apiReady.resolve(message.url);
  });
  let stopped: Promise<void> | undefined;
  return {
    role,
    process: child,
    ready: ready.promise,
    apiReady: apiReady.promise,
    exited,
    metricsPort: () => metricsPort,
    lastError: () =>
      errorTail
        .split('\n')
        .reverse()
        .find((line) => line.startsWith('error: ')),
    stop(graceMs) {
      stopped ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        // An unref'd timer: once the child is gone, the grace period must not keep this process alive.
        const ended = await Promise.race([exited.then(() => true), sleep(graceMs, false, { ref: false })]);
        if (!ended) {
          child.kill('SIGKILL');
          await exited;
        }
      })();
      return stopped;
    },
  };
}

/**
 * A promise the caller resolves (when the child says so), rejected if the child ends first. Its
 * rejection is observed here: the supervisor reports it where it awaits.
 */
function untilExit<T>(exited: Promise<number | string>, reason: (code: number | string) => string): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done, fail) => {
    resolve = done;
    void exited.then((code) => fail(new Error(reason(code))));
  });
  promise.catch(() => undefined);
  return { promise, resolve };
}
