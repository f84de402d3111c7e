/**
 * Baseline for the footprint benchmark: the same three queues served by plain Temporal SDK
 * workers (same bundle, same activities), with none of Conveyor's process around them.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import * as activities from '../examples/activities';

async function main(): Promise<void> {
  const [address, bundlePath] = process.argv.slice(2);
  if (!address || !bundlePath) throw new Error('usage: raw-worker <address> <bundle>');
  const connection = await NativeConnection.connect({ address });
  const workers = await Promise.all(
    ['computor-tasks', 'computor-high-priority', 'computor-long-running'].map((taskQueue) =>
      Worker.create({ connection, taskQueue, workflowBundle: { codePath: bundlePath }, activities }),
    ),
  );
  const running = Promise.all(workers.map((w) => w.run()));
  console.log('raw worker ready');
  await running;
  await connection.close();
}

void main();
