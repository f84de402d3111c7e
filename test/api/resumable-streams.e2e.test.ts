import { describe, expect, it } from 'vitest';
import type { TaskSummary as TaskRow } from '../../src/temporal/tasks/task-summary';
import { startTask } from '../../src/temporal/tasks/start-task';
import { readSse, type SseEvent } from '../../src/client/sse';
import { useApi } from '../helpers/api-harness';
import { examplesProject } from '../helpers/examples';
import { uniqueQueue } from '../helpers/temporal';

/** A stream read in the background: its events so far, and a wait for the ones a test expects. */
interface ReadStream {
  events: SseEvent[];
  until(done: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<SseEvent[]>;
  /** Resolves once the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

async function openStream(url: string, lastEventId?: string): Promise<ReadStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: lastEventId === undefined ? {} : { 'last-event-id': lastEventId }, signal: abort.signal });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  const events: SseEvent[] = [];
  const ended = (async () => {
    for await (const event of readSse(response.body!)) events.push(event);
  })().catch((error: unknown) => {
    if (!abort.signal.aborted) throw error;
  });
  return {
    events,
    ended,
    async until(done, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!done(events)) {
        if (Date.now() > deadline) throw new Error(`the stream did not deliver what was expected in ${timeoutMs} ms; it sent ${JSON.stringify(events.slice(-5))}`);
        await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 50))]);
      }
      return events;
    },
    close: () => abort.abort(),
  };
}

const rowOf = (event: SseEvent) => JSON.parse(event.data) as TaskRow;

/** Reconnecting with Last-Event-ID (issue 24): no gap, no repeat, over real HTTP. */
describe('Task API: resumable event streams', () => {
  const harness = useApi();
  /** Tasks on a queue no worker serves: each stays queued until the test terminates it. */
  const queuedTasks = async (queue: string, count: number): Promise<string[]> => {
    const { registry } = await examplesProject();
    const started = await Promise.all(Array.from({ length: count }, () => startTask(harness.client, registry, { taskName: 'noop', params: {}, queue }, { name: 'resume-test', role: 'admin' })));
    return started.map((task) => task.taskId);
  };
  const terminate = (id: string) => harness.client.workflow.getHandle(id).terminate('resume test');

  it('GET /tasks/{id}/events: every event has an id; a reconnect with it gets no repeat of that state, and none of a terminal event it has', async () => {
    const [id] = await queuedTasks(uniqueQueue('resume-task'), 1);
    const url = `${harness.api.base}/tasks/${id}/events`;
    const first = await openStream(url);
    const [queued] = await first.until((events) => events.length > 0);
    first.close();
    expect(queued).toMatchObject({ event: 'status', id: expect.stringMatching(/\S/) });

    // Back with the queued state's id: the next event is the change, not the state it has.
    const second = await openStream(url, queued!.id);
    await terminate(id!);
    await second.ended;
    expect(second.events.map((event) => event.event)).toEqual(['terminated']);
    const terminal = second.events[0]!;
    expect(terminal.id).toMatch(/\S/);
    expect(terminal.id).not.toBe(queued!.id);

    // Back with the terminal event's id: the stream ends with nothing new.
    const third = await openStream(url, terminal.id);
    await third.ended;
    expect(third.events).toEqual([]);
  });

  it('GET /tasks/events: a reconnect gets exactly the changes since its last id; an unknown id gets the current rows', async () => {
    const queue = uniqueQueue('resume-feed');
    const feed = `${harness.api.base}/tasks/events`;
    const ours = (events: SseEvent[]) => events.filter((event) => event.event === 'task').map(rowOf).filter((row) => row.queue === queue);
    // This stream keeps the API's feed reading while the other one is away.
    const anchor = await openStream(feed);
    const viewer = await openStream(feed);
    const [ended1, ended2, stays] = await queuedTasks(queue, 3);
    try {
      const seenQueued = (events: SseEvent[]) => new Set(ours(events).filter((row) => row.status === 'queued').map((row) => row.task_id)).size === 3;
      await viewer.until(seenQueued);
      expect(viewer.events.every((event) => event.event !== 'task' || /\S/.test(event.id ?? ''))).toBe(true);
      const lastId = viewer.events.at(-1)!.id;
      viewer.close();

      // Two tasks end while the viewer is away.
      await Promise.all([terminate(ended1!), terminate(ended2!)]);
      const endedBoth = (events: SseEvent[]) => ours(events).filter((row) => row.status === 'terminated').length === 2;
      await anchor.until(endedBoth);

      const resumed = await openStream(feed, lastId);
      try {
        await resumed.until(endedBoth);
        // Only what changed: not the task that stayed queued, nor the queued rows it had seen.
        expect(ours(resumed.events).map((row) => [row.task_id, row.status])).toEqual(
          ours(anchor.events)
            .filter((row) => row.status === 'terminated')
            .map((row) => [row.task_id, row.status]),
        );
        expect(new Set(ours(resumed.events).map((row) => row.task_id))).toEqual(new Set([ended1, ended2]));
      } finally {
        resumed.close();
      }

      // An id this feed never gave: the current rows, the task still queued among them.
      const unknown = await openStream(feed, 'not-a-position-7');
      try {
        await unknown.until((events) => ours(events).some((row) => row.task_id === stays && row.status === 'queued'));
      } finally {
        unknown.close();
      }
    } finally {
      anchor.close();
      viewer.close();
      await terminate(stays!).catch(() => undefined);
    }
  });
});
