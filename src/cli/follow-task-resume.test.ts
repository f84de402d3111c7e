import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client';
import { followToEnd } from './follow-task';

const RUNNING = { task_id: 't1', status: 'running', progress: { percent: 40, stage: 'working' }, workflow_task_failure: null, failure: null };
const DONE = { ...RUNNING, status: 'completed', progress: { percent: 100, stage: 'done' } };

/** A stand-in Task API over loopback HTTP whose first stream breaks off after one state (no terminal event, no `reconnect`). */
describe('followToEnd resumes a broken stream', () => {
  let server: Server;
  let url: string;
  const requests: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.headers);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (requests.length === 1) response.end(`id: s1\nevent: status\ndata: ${JSON.stringify(RUNNING)}\n\n`);
      else response.end(`id: s2\nevent: completed\ndata: ${JSON.stringify(DONE)}\n\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('opens it again with the last id as Last-Event-ID, and follows it to the end', async () => {
    const seen: string[] = [];
    const last = await followToEnd(createClient({ url }), 't1', (event) => seen.push(event.status));
    expect(last).toMatchObject({ status: 'completed' });
    expect(seen).toEqual(['running']);
    expect(requests.map((headers) => headers['last-event-id'])).toEqual([undefined, 's1']);
  });
});
