import { readSse } from '../../src/client/sse';

/** A GET /tasks/events stream being read in the background: the `task` rows seen so far. */
export interface TaskChangeStream<Row> {
  rows: Row[];
  /** Resolves with the rows once `done` holds for them; fails after `timeoutMs` naming what came. */
  until(done: (rows: Row[]) => boolean, timeoutMs?: number): Promise<Row[]>;
  close(): void;
}

/** Opens GET /tasks/events and reads it in the background; resolves once the stream is connected. */
export async function openTaskChanges<Row>(url: string, headers: Record<string, string> = {}): Promise<TaskChangeStream<Row>> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  const rows: Row[] = [];
  const reading = (async () => {
    for await (const event of readSse(response.body!)) if (event.event === 'task') rows.push(JSON.parse(event.data) as Row);
  })().catch((error: unknown) => {
    if (!abort.signal.aborted) throw error;
  });
  return {
    rows,
    async until(done, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!done(rows)) {
        if (Date.now() > deadline) throw new Error(`the stream did not deliver what was expected in ${timeoutMs} ms; it sent ${rows.length} rows: ${JSON.stringify(rows.slice(-5))}`);
        await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, 50))]);
      }
      return rows;
    },
    close: () => abort.abort(),
  };
}
