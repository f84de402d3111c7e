import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The loopback recorder test/fixtures/per-key's activities report to: which tasks run (from their
 * first start to their last run's end), the most that ever ran at once per key, the order they
 * started in, and a gate per run that the test opens. Counts tasks, not attempts: a retried
 * attempt (its worker killed) starting again changes nothing.
 */
export interface SlotRecorder {
  url: string;
  /** Labels in the order they first started, per key. */
  startOrder(key: string): string[];
  /** The runs that have started (`label/run`). */
  startedRuns(): Set<string>;
  /** Labels that have finished. */
  finished(): Set<string>;
  /** The most tasks of the key that ran at once. */
  maxRunning(key: string): number;
  /** Lets the task's run end (now, or as soon as it asks). */
  letGo(label: string, run?: number): void;
  close(): Promise<void>;
}

export async function startSlotRecorder(): Promise<SlotRecorder> {
  const order = new Map<string, string[]>();
  const running = new Map<string, Set<string>>();
  const max = new Map<string, number>();
  const runs = new Set<string>();
  const finished = new Set<string>();
  const opened = new Set<string>();
  const gates = new Map<string, ServerResponse[]>();

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://recorder');
    const q = (name: string) => url.searchParams.get(name) ?? '';
    const [key, label, run] = [q('key'), q('label'), q('run')];
    if (url.pathname === '/started') {
      runs.add(`${label}/${run}`);
      const keyRunning = running.get(key) ?? new Set<string>();
      running.set(key, keyRunning);
      if (!keyRunning.has(label) && !finished.has(label)) {
        keyRunning.add(label);
        if (!(order.get(key) ?? []).includes(label)) order.set(key, [...(order.get(key) ?? []), label]);
        max.set(key, Math.max(max.get(key) ?? 0, keyRunning.size));
      }
      response.end();
    } else if (url.pathname === '/finished') {
      running.get(key)?.delete(label);
      finished.add(label);
      response.end();
    } else if (url.pathname === '/proceed') {
      const gate = `${label}/${run}`;
      if (opened.has(gate)) response.end();
      else gates.set(gate, [...(gates.get(gate) ?? []), response]);
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    startOrder: (key) => [...(order.get(key) ?? [])],
    startedRuns: () => new Set(runs),
    finished: () => new Set(finished),
    maxRunning: (key) => max.get(key) ?? 0,
    letGo(label, run = 1) {
      const gate = `${label}/${run}`;
      opened.add(gate);
      for (const waiting of gates.get(gate) ?? []) if (!waiting.destroyed) waiting.end();
      gates.delete(gate);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
