import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandInServer, type StandInServer } from '../../test/helpers/stand-in-server';
import { createClient } from '../client/create-client';
import { followToEnd } from './follow-task';

const RUNNING = { task_id: 't1', status: 'running', progress: { percent: 40, stage: 'working' }, workflow_task_failure: null, failure: null };
const DONE = { ...RUNNING, status: 'completed', progress: { percent: 100, stage: 'done' } };

/** A stand-in Task API over loopback HTTP whose first stream breaks off after one state (no terminal event, no `reconnect`). */
describe('followToEnd resumes a broken stream', () => {
  let server: StandInServer;

  beforeAll(async () => {
    server = await startStandInServer((_request, response, number) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (number === 1) response.end(`id: s1\nevent: status\ndata: ${JSON.stringify(RUNNING)}\n\n`);
      else response.end(`id: s2\nevent: completed\ndata: ${JSON.stringify(DONE)}\n\n`);
    });
  });
  afterAll(() => server.close());

  it('opens it again with the last id as Last-Event-ID, and follows it to the end', async () => {
    const seen: string[] = [];
    const last = await followToEnd(createClient({ url: server.url }), 't1', (event) => seen.push(event.status));
    expect(last).toMatchObject({ status: 'completed' });
    expect(seen).toEqual(['running']);
    expect(server.requests.map((headers) => headers['last-event-id'])).toEqual([undefined, 's1']);
  });
});
