import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';

/**
 * The Temporal SDK runtime of an integration test process, installed once, by the project's setup
 * file (test/helpers/integration-setup.ts) before any test file runs: test files share their process
 * (the integration project does not isolate them), and the SDK allows one runtime per process. It
 * prints errors only; a test that reads what workflows log subscribes with {@link captureSdkLogs}.
 */
const listeners = new Set<(entry: LogEntry) => void>();
const INSTALLED = Symbol.for('conveyor.test.sdkRuntime');

export function installTestRuntime(): void {
  const holder = globalThis as { [INSTALLED]?: boolean };
  if (holder[INSTALLED]) return;
  holder[INSTALLED] = true;
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => {
      for (const listener of listeners) listener(entry);
      if (entry.level === 'ERROR') console.error(`[sdk] ${entry.message}`, entry.meta ?? '');
    }),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
}

/** Collects what the SDK logs (workflow and worker entries, WARN and above) from now until `stop()`. */
export function captureSdkLogs(): { entries: LogEntry[]; stop: () => void } {
  const entries: LogEntry[] = [];
  const listener = (entry: LogEntry) => void entries.push(entry);
  listeners.add(listener);
  return { entries, stop: () => listeners.delete(listener) };
}
