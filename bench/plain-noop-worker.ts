/**
 * Baseline for `bench:worker`: a plain Temporal SDK worker, none of Conveyor's process around it,
 * serving one queue with the bundle it is given (`noop` alone, or Conveyor's own bundle). With
 * `--activities` it also registers the application's activities, as a plain worker serving that
 * application would. Says "plain worker ready" once it polls.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadProject } from '../src/project/load-project';

async function main(): Promise<void> {
  const [address, taskQueue, bundlePath, withActivities] = process.argv.slice(2);
  if (!address || !taskQueue || !bundlePath) throw new Error('usage: plain-noop-worker <address> <queue> <bundle> [--activities]');
  const connection = await NativeConnection.connect({ address });
  // The activities' own client, as Conveyor's worker gives them one; closed with the worker.
  const activitiesClient = withActivities === '--activities' ? new Client({ connection: await Connection.connect({ address }) }) : undefined;
  const activities = activitiesClient && (await loadProject()).createActivities({ client: activitiesClient });
  const worker = await Worker.create({ connection, taskQueue, workflowBundle: { codePath: bundlePath }, activities });
  const running = worker.run();
  console.log('plain worker ready');
  await running;
  await activitiesClient?.connection.close();
  await connection.close();
}

void main();
