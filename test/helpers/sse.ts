/** One Server-Sent Event as a client sees it. */
export interface SseEvent {
  event: string;
  data: string;
}

/** Reads a Server-Sent Events body block by block (comment blocks such as keepalives are skipped). */
export async function* sseEvents(response: Response): AsyncGenerator<SseEvent> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const lines = buffer.slice(0, end).split('\n');
      buffer = buffer.slice(end + 2);
      const event = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length);
      const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice('data: '.length));
      if (event !== undefined || data.length > 0) yield { event: event ?? 'message', data: data.join('\n') };
    }
  }
}

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
    for await (const event of sseEvents(response)) if (event.event === 'task') rows.push(JSON.parse(event.data) as Row);
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
