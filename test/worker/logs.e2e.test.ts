import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { connectShared, startWorkerProcess, uniqueQueue } from '../helpers/temporal';
import { waitForOutput } from '../helpers/cli';

interface LogLine {
  level: number;
  name: string;
  msg: string;
  task_id?: string;
  task_name?: string;
  activity?: string;
}

const INFO = 30;

describe('the worker log', () => {
  const queue = uniqueQueue('logs');
  let client: Client;
  let worker: Awaited<ReturnType<typeof startWorkerProcess>>;

  beforeAll(async () => {
    client = await connectShared();
    // The default level (info), as `npm start` runs it; JSON so the test reads fields, not layout.
    worker = await startWorkerProcess([queue], { CONVEYOR_LOG_LEVEL: 'info', CONVEYOR_LOG_FORMAT: 'json' });
  });
  afterAll(async () => {
    worker.kill('SIGTERM');
    await worker.exited();
    await client.connection.close();
  });

  it("shows the application's workflow and activity log entries at info, each with the task id and task name, and none of the SDK's info chatter", async () => {
    const taskId = `logs-${Date.now()}`;
    await client.workflow.execute('example_long_running', { taskQueue: queue, workflowId: taskId, args: [{ duration: 0, message: 'logged' }] });

    // A workflow's log entry leaves through a sink after its activation completes, so the client can
    // hold the result before the worker has written the line: wait for the line, then read them all.
    await waitForOutput(worker, new RegExp(`"msg":"long-running work done".*"task_id":"${taskId}"|"task_id":"${taskId}".*"msg":"long-running work done"`), { timeoutMs: 20_000 });
    const lines = worker
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
    const ofTask = lines.filter((line) => line.task_id === taskId);
    expect(ofTask).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: INFO, msg: 'long-running work starting', task_name: 'example_long_running', activity: 'longRunningWork' }),
        expect.objectContaining({ level: INFO, msg: 'long-running work done', task_name: 'example_long_running' }),
      ]),
    );
    // The SDK reports each worker state change at INFO; the stack's log keeps those at warn.
    expect(lines.filter((line) => line.msg === 'Worker state changed')).toEqual([]);
  });
});
