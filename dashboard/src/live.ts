import { useEffect, useRef } from 'react';
import type { SseEvent } from '../../src/client/sse';
import { useSession } from './api-context';

/** Wait before reconnecting a stream that broke: doubling from 1 s to 15 s. */
const RECONNECT_MS = [1000, 2000, 4000, 8000, 15000];

/**
 * Follows one of the API's Server-Sent Event streams for as long as the component shows it (fetch
 * streaming, so the credential travels in the Authorization header, as EventSource cannot send it).
 * A stream that breaks is opened again after a pause, one the server ends with a `reconnect` event
 * (its longest life, a restart) at once, both resuming after the last event's id (Last-Event-ID);
 * one that ended with its task (the terminal event) stays closed. No polling: the page changes
 * when the API says something changed.
 */
export function useEventStream(path: string | undefined, onEvent: (event: SseEvent) => void): void {
  const { api } = useSession();
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!path) return undefined;
    const abort = new AbortController();
    void (async () => {
      // A reopened stream resumes after the last event seen (Last-Event-ID): what changed since, no repeats.
      let lastEventId: string | undefined;
      for (let failures = 0; !abort.signal.aborted; ) {
        try {
          let reopen = false;
          for await (const event of api.events(path, { signal: abort.signal, lastEventId })) {
            failures = 0;
            lastEventId = event.id;
            // The server ends a stream at its longest life, or when it shuts down, asking for a new one.
            if (event.event === 'reconnect') reopen = true;
            else handler.current(event);
          }
          if (!reopen) return;
        } catch {
          if (abort.signal.aborted) return;
          await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS[Math.min(failures++, RECONNECT_MS.length - 1)]));
        }
      }
    })();
    return () => abort.abort();
  }, [api, path]);
}
