import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandInServer, type StandInServer } from '../../test/helpers/stand-in-server';
import { createClient } from './create-client';

const RUNNING = { task_id: 't1', status: 'running', progress: null, workflow_task_failure: null, failure: null };
const DONE = { ...RUNNING, status: 'completed' };

/**
 * A stand-in Task API over loopback HTTP: its first stream sends a state and then ends asking for
 * a reconnect (its longest life), the second the task's end.
 */
describe('the typed client resumes a task event stream', () => {
  let server: StandInServer;

  beforeAll(async () => {
    server = await startStandInServer((_request, response, number) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (number === 1) response.end(`retry: 1000\n\nid: s1\nevent: status\ndata: ${JSON.stringify(RUNNING)}\n\nretry: 1000\nevent: reconnect\ndata: {}\n\n`);
      else response.end(`id: s2\nevent: completed\ndata: ${JSON.stringify(DONE)}\n\n`);
    });
  });
  afterAll(() => server.close());

  it('opens a stream the server ended with `reconnect` again by itself, sending the last id as Last-Event-ID', async () => {
    const read: { event: string; status: string; id?: string }[] = [];
    for await (const { event, data, id } of createClient({ url: server.url }).events('t1')) read.push({ event, status: data.status, ...(id === undefined ? {} : { id }) });
    expect(read).toEqual([
      { event: 'status', status: 'running', id: 's1' },
      { event: 'completed', status: 'completed', id: 's2' },
    ]);
    expect(server.requests.map((headers) => headers['last-event-id'])).toEqual([undefined, 's1']);
  });
});
