import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { exitOf } from '../test/helpers/cli';

/** What a benchmark started around one scratch dev server, to end in order. */
export interface BenchStack {
  /** Its own connections (HTTP client, Temporal client), closed first. */
  clients: { close(): unknown }[];
  /** The `conveyor api` and `conveyor worker` children: SIGTERM, then waited for. */
  children: ChildProcess[];
  server: { stop(): Promise<void> };
  dataDir: string;
}

/** Ends a benchmark's stack: its clients, then its Conveyor processes, then the dev server, then its data folder. */
export async function stopBenchStack({ clients, children, server, dataDir }: BenchStack): Promise<void> {
  for (const client of clients) await client.close();
  for (const child of children) {
    child.kill('SIGTERM');
    await exitOf(child);
  }
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
