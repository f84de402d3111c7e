import http from 'node:http';

export interface ServerSentEvent {
  event: string;
  data: string;
  /** Date.now() when the event's last byte arrived: comparable with Temporal's timestamps on this machine. */
  arrivedAt: number;
}

export interface Subscriber {
  /** Resolves once the response's headers are in (rejects on any answer but 200). */
  opened: Promise<void>;
  close(): void;
}

/**
 * One live viewer: a Server-Sent Events stream over its own connection (no agent, no keep-alive
 * pool, as each browser tab or `tasks watch` holds its own), through node:http, whose cost per
 * stream is far below fetch's, so that one benchmark process can hold a thousand of them.
 */
export function subscribe(base: string, path: string, onEvent: (event: ServerSentEvent) => void): Subscriber {
  const url = new URL(path, base);
  let request: http.ClientRequest | undefined;
  const opened = new Promise<void>((resolve, reject) => {
    request = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`GET ${path} answered ${response.statusCode}`));
        response.resume();
        return;
      }
      resolve();
      let buffered = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        const arrivedAt = Date.now();
        buffered += chunk;
        // An event ends at a blank line; what follows the last one is the start of the next.
        const blocks = buffered.split('\n\n');
        buffered = blocks.pop() ?? '';
        for (const block of blocks) {
          const parsed = parseBlock(block);
          if (parsed) onEvent({ ...parsed, arrivedAt });
        }
      });
      response.on('error', () => undefined);
    });
    request.on('error', reject);
  });
  // A close before the headers are in rejects `opened`; the caller asked for it, nothing to report.
  opened.catch(() => undefined);
  return { opened, close: () => request?.destroy() };
}

/** One event's fields (`event:`, `data:` lines; comments and other fields skipped), or undefined for a comment alone. */
function parseBlock(block: string): { event: string; data: string } | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice('event:'.length).trim();
    else if (line.startsWith('data:')) data.push(line.slice('data:'.length).replace(/^ /, ''));
  }
  return data.length === 0 ? undefined : { event, data: data.join('\n') };
}
