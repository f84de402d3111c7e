import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { loadProject, type Project } from '../../src/project/load-project';
import { startTask } from '../../src/temporal/tasks/start-task';
import { ROOT } from '../helpers/cli';
import { runCommand } from '../helpers/run-command';
import { connectShared, startWorkerProcess, uniqueQueue } from '../helpers/temporal';
import { toolPath } from '../helpers/tools';
import { until } from '../helpers/until';

const FIXTURE_CONFIG = path.join(__dirname, '..', 'fixtures', 'worker-versioning', 'conveyor.config.ts');
const { VERSIONING_BEHAVIOR_PINNED: PINNED, VERSIONING_BEHAVIOR_AUTO_UPGRADE: AUTO_UPGRADE } = temporal.api.enums.v1.VersioningBehavior;
const ROUTING_COMPLETED = temporal.api.enums.v1.RoutingConfigUpdateState.ROUTING_CONFIG_UPDATE_STATE_COMPLETED;
/** Waits on Temporal and the workers on a shared 2-core machine: each ends as soon as its condition holds. */
const PATIENCE = { tries: 300, intervalMs: 100 };

type Worker = Awaited<ReturnType<typeof startWorkerProcess>>;

/**
 * Worker Versioning end to end, as docs/deployment/safe-deploys.md rolls a release out: real
 * `conveyor worker start` processes of one Worker Deployment, builds v1 then v2, serving
 * test/fixtures/worker-versioning on a queue of their own, the current version set with the
 * `temporal` CLI commands the page gives.
 */
describe('Worker Versioning: a deployment name and build id per release', () => {
  const queue = uniqueQueue('versioning');
  const deploymentName = `test-versioning-${randomUUID().slice(0, 8)}`;
  const workers: Worker[] = [];
  const tasks: WorkflowHandle[] = [];
  let client: Client;
  let project: Project;

  beforeAll(async () => {
    [project, client] = await Promise.all([loadProject({ configFlag: FIXTURE_CONFIG, cwd: ROOT }), connectShared()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(tasks.map((task) => task.terminate('versioning test cleanup')));
    for (const worker of workers) worker.kill('SIGTERM');
    await Promise.all(workers.map((worker) => worker.exited()));
    await client?.connection.close();
  });

  const startBuild = async (buildId: string) => {
    const worker = await startWorkerProcess([queue], { CONVEYOR_CONFIG: FIXTURE_CONFIG, CONVEYOR_WORKER_DEPLOYMENT_NAME: deploymentName, CONVEYOR_WORKER_BUILD_ID: buildId });
    workers.push(worker);
  };

  /** The documented command; retried until the version's pollers have reached the server. */
  const setCurrent = (buildId: string) =>
    until(
      () =>
        runCommand(
          toolPath('temporal'),
          ['worker', 'deployment', 'set-current-version', '--deployment-name', deploymentName, '--build-id', buildId, '--yes', '--address', inject('temporalAddress'), '--namespace', 'default'],
          { cwd: ROOT },
        ),
      (result) => result.code === 0,
      PATIENCE,
    );

  /** Until Temporal has handed the deployment's new routing to its task queues (set-current-version returns before). */
  const untilRouted = (buildId: string) =>
    until(
      () => client.workflowService.describeWorkerDeployment({ namespace: 'default', deploymentName }),
      ({ workerDeploymentInfo: info }) =>
        info?.routingConfig?.currentDeploymentVersion?.buildId === buildId && info.routingConfigUpdateState === ROUTING_COMPLETED,
      PATIENCE,
    );

  const submit = async (taskName: string, hold = true) => {
    const started = await startTask(client, project.registry, { taskName, params: { hold }, queue }, { name: 'versioning-test', role: 'admin' });
    tasks.push(started.handle);
    return started.handle;
  };

  /** Where Temporal says the task runs: its versioning behaviour and the build it is on. */
  const placement = async (task: WorkflowHandle) => {
    const info = (await task.describe()).raw.workflowExecutionInfo?.versioningInfo;
    return { behavior: info?.behavior ?? null, buildId: info?.deploymentVersion?.buildId ?? null };
  };
  const untilOn = (task: WorkflowHandle, buildId: string) => until(() => placement(task), (where) => where.buildId === buildId, PATIENCE);

  it('keeps a pinned task on the build it started on, moves an auto_upgrade one, and starts new tasks on the current build', async () => {
    // v2's workers start meanwhile: not current, they take no new task (as in a roll-out, ahead of its ramp).
    const v2Started = startBuild('v2');
    await startBuild('v1');
    await setCurrent('v1');
    await untilRouted('v1');
    const pinned = await submit('versioned_pinned');
    const upgrading = await submit('versioned_upgrading');
    // Both have run their first workflow task on v1, each with its task type's behaviour.
    expect(await untilOn(pinned, 'v1')).toEqual({ behavior: PINNED, buildId: 'v1' });
    expect(await untilOn(upgrading, 'v1')).toEqual({ behavior: AUTO_UPGRADE, buildId: 'v1' });

    // The release: v2, running beside v1, becomes current.
    await v2Started;
    await setCurrent('v2');
    await untilRouted('v2');

    await Promise.all([pinned.signal('release'), upgrading.signal('release')]);
    expect(await pinned.result()).toEqual({ build: 'v1' });
    expect(await upgrading.result()).toEqual({ build: 'v2' });
    expect(await placement(upgrading)).toEqual({ behavior: AUTO_UPGRADE, buildId: 'v2' });

    const next = await submit('versioned_pinned', false);
    expect(await next.result()).toEqual({ build: 'v2' });
  }, 120_000);
});
