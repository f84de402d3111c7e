/**
 * Baseline for `bench:worker`: a plain Temporal SDK worker, none of Conveyor's process around it,
 * serving one queue with the bundle it is given (`noop` alone, or Conveyor's own bundle) and no
 * activities. Says "plain worker ready" once it polls.
 */
import { NativeConnection, Worker } from '@temporalio/worker';

async function main(): Promise<void> {
  const [address, taskQueue, bundlePath] = process.argv.slice(2);
  if (!address || !taskQueue || !bundlePath) throw new Error('usage: plain-noop-worker <address> <queue> <bundle>');
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection, taskQueue, workflowBundle: { codePath: bundlePath } });
  const running = worker.run();
  console.log('plain worker ready');
  await running;
  await connection.close();
}

void main();
