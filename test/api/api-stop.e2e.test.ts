import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { buildApp } from '../../src/api/app';
import { loadSettings } from '../../src/config';
import { createLogger } from '../../src/log';
import { exitOf, spawnCli, waitForOutput } from '../helpers/cli';
import { examplesProject } from '../helpers/examples';
import { connectShared, sharedServerEnv, uniqueQueue } from '../helpers/temporal';

/**
 * How the API stops: a `?wait=` in flight is answered at once with the task's status (the client
 * asks again, of the next server), and a connection still busy after CONVEYOR_SHUTDOWN_GRACE (a
 * client that stopped reading) is closed rather than holding the stop until the process is killed.
 */
describe('the Task API stopping', () => {
  let client: Client;

  beforeAll(async () => {
    client = await connectShared();
  });

  afterAll(async () => {
    await client?.connection.close();
  });

  it('answers every result wait in flight at once with the task’s status (202) when it closes, rather than after the wait, and warns of no leak for a dozen', async () => {
    const settings = loadSettings({ CONVEYOR_LOG_LEVEL: 'warn', CONVEYOR_RESULT_WAIT_MAX: '10m' });
    const app = await buildApp({ client, registry: (await examplesProject()).registry, settings, log: createLogger('api-stop-test', settings.log) });
    // More waits than an AbortSignal takes listeners before Node warns of a leak (10).
    const WAITS = 12;
    let reached = 0;
    let allReached!: () => void;
    const waiting = new Promise<void>((resolve) => (allReached = resolve));
    app.addHook('preHandler', async (request) => {
      if (request.url.includes('wait=') && ++reached === WAITS) allReached();
    });
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      // On a queue no worker serves: the task stays queued, and a wait for its end would last the full ten minutes.
      const submitted = await fetch(`${base}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ task_name: 'example_long_running', queue: uniqueQueue('api-stop') }),
      });
      const { task_id: taskId } = (await submitted.json()) as { task_id: string };
      const results = Array.from({ length: WAITS }, () => fetch(`${base}/tasks/${taskId}/result?wait=10m`));
      await waiting;
      await app.close();
      for (const answer of await Promise.all(results)) {
        expect(answer.status).toBe(202);
        expect(await answer.json()).toEqual({ task_id: taskId, status: 'queued' });
        expect(answer.headers.get('connection')).toBe('close');
      }
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
      await client.workflow.getHandle(taskId).terminate('test over');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('`conveyor api` on SIGTERM closes a connection whose client stopped reading once CONVEYOR_SHUTDOWN_GRACE is over, says so, and exits 0', async () => {
    const api = spawnCli(['api'], { ...sharedServerEnv(), CONVEYOR_API_PORT: '0', CONVEYOR_SHUTDOWN_GRACE: '1s', CONVEYOR_LOG_FORMAT: 'json', CONVEYOR_LOG_LEVEL: 'info' });
    try {
      const base = /API on (http:\/\/\S+) /.exec(await waitForOutput(api, /API on http:\/\/\S+ /))?.[1] ?? '';
      const page = await (await fetch(`${base}/admin/`)).text();
      const script = /src="(\/admin\/assets\/index-[\w-]+\.js)"/.exec(page)?.[1];
      expect(script, page).toBeDefined();
      // A hundred requests for the dashboard's script on one connection (HTTP/1.1 pipelining), and
      // nothing read after the first bytes: far more than socket buffers hold, so the answers stay unfinished.
      const socket = connect(Number(new URL(base).port), '127.0.0.1');
      socket.on('error', () => undefined);
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      await new Promise<void>((resolve) => {
        socket.write(`GET ${script} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`.repeat(100));
        socket.once('data', () => {
          socket.pause();
          resolve();
        });
      });
      api.kill('SIGTERM');
      expect(await exitOf(api)).toBe(0);
      expect(api.output()).toMatch(/"connections":1,.*"msg":"api stopped: 1 connection\(s\) still busy after CONVEYOR_SHUTDOWN_GRACE were closed"/);
      socket.resume();
      await closed;
    } finally {
      if (api.exitCode === null) api.kill('SIGKILL');
    }
  });
});
