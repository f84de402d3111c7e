import { describe, expect, it } from 'vitest';
import { readSse, type SseEvent } from './sse';

/** A body that delivers `chunks` one by one, as a network would. */
function body(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function events(chunks: string[]): Promise<SseEvent[]> {
  const read: SseEvent[] = [];
  for await (const event of readSse(body(chunks))) read.push(event);
  return read;
}

describe('readSse', () => {
  it('reads named events and skips comments', async () => {
    expect(await events([': connected\n\n', 'event: status\ndata: {"a":1}\n\n', ': keepalive\n\n', 'event: completed\ndata: {"b":2}\n\n'])).toEqual([
      { event: 'status', data: '{"a":1}' },
      { event: 'completed', data: '{"b":2}' },
    ]);
  });

  it('puts together events split anywhere across chunks, CRLF included', async () => {
    const text = 'event: status\r\ndata: {"percent":40}\r\n\r\nevent: done\r\ndata: x\r\n\r\n';
    // One character per chunk: the worst case, with every CR apart from its LF.
    expect(await events([...text])).toEqual([
      { event: 'status', data: '{"percent":40}' },
      { event: 'done', data: 'x' },
    ]);
  });

  it('joins several data lines, defaults the name to message, and drops blocks without data', async () => {
    expect(await events(['data: one\ndata:two\n\nevent: empty\n\nid: 7\ndata\n\n'])).toEqual([
      { event: 'message', data: 'one\ntwo' },
      { event: 'message', data: '', id: '7' },
    ]);
  });

  it("gives each event the stream's last id so far, as Last-Event-ID would be", async () => {
    expect(await events(['id: a\nevent: status\ndata: 1\n\n', 'data: 2\n\n', 'id: b\ndata: 3\n\n'])).toEqual([
      { event: 'status', data: '1', id: 'a' },
      { event: 'message', data: '2', id: 'a' },
      { event: 'message', data: '3', id: 'b' },
    ]);
  });

  it('ignores an unfinished block at the end of the stream', async () => {
    expect(await events(['event: status\ndata: {"a":1}\n\nevent: status\ndata: {"a":'])).toEqual([{ event: 'status', data: '{"a":1}' }]);
  });

  it('cancels the body when the reader stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('data: tick\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const event of readSse(stream)) {
      expect(event.data).toBe('tick');
      break;
    }
    expect(cancelled).toBe(true);
  });
});
