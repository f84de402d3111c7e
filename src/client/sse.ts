/**
 * One Server-Sent Event: its `event:` name (`message` when the block names none), its `data:`
 * lines, joined, and the stream's last `id:` so far (what a reconnect sends as Last-Event-ID).
 */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Reads Server-Sent Events from a response body as they arrive, following the HTML spec's
 * parsing rules that matter here: blocks end at a blank line, `:` lines are comments (keepalives),
 * several `data:` lines join with newlines, and a block without data is no event.
 * Stopping the iteration early cancels the body, which closes the connection.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  // As the spec's "last event ID buffer": an id holds for the events after it until another one.
  let id: string | undefined;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      for (let end = lineEnd(buffer, done); end; end = lineEnd(buffer, done)) {
        const line = buffer.slice(0, end.at);
        buffer = buffer.slice(end.at + end.length);
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n'), ...(id === undefined ? {} : { id }) };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id' && !value.includes('\0')) id = value;
      }
      if (done) return;
    }
  } finally {
    // A no-op once the stream has ended; otherwise it tells the server we stopped listening.
    await reader.cancel().catch(() => undefined);
  }
}

/** Where the first complete line of `buffer` ends, and how long its terminator is (CRLF, LF or CR). */
function lineEnd(buffer: string, done: boolean): { at: number; length: number } | undefined {
  const at = buffer.search(/[\r\n]/);
  if (at < 0) return undefined;
  if (buffer[at] === '\n') return { at, length: 1 };
  if (at + 1 < buffer.length) return { at, length: buffer[at + 1] === '\n' ? 2 : 1 };
  // A CR at the very end may be the first half of a CRLF still on its way.
  return done ? { at, length: 1 } : undefined;
}
