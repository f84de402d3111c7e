import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintChart, ofKind, renderChart, renderChartFailure, REPO_ROOT, type K8sObject } from './helm';
import { component, podSpec } from './pods';

const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const PRODUCTION = 'deploy/helm/examples/production.yaml';
const QUEUES = ['default', 'high-priority', 'long-running'];
/** A roll-out under way: the old build and the new, the new one's image tag given. */
const TWO_VERSIONS = {
  'workerVersioning.enabled': true,
  'workerVersioning.deploymentName': 'acme-tasks',
  'workerVersioning.versions[0].buildId': '1.4.0',
  'workerVersioning.versions[1].buildId': '1.5.0',
  'workerVersioning.versions[1].tag': 'sha-5f3c2a1',
};

const workers = (objects: K8sObject[]) => ofKind(objects, 'Deployment').filter((object) => component(object)?.startsWith('worker-'));
const envOf = (deployment: K8sObject) => Object.fromEntries((podSpec(deployment).containers[0]!.env ?? []).map((variable) => [variable.name, variable.value]));
const matchLabelsOf = (object: K8sObject) => (object.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
const podLabelsOf = (deployment: K8sObject) => (deployment.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([key, value]) => labels[key] === value);

describe("the Helm chart's Worker Versioning (workerVersioning): a deployment name and build id per release", () => {
  const rendered: Record<'defaults' | 'imageTag' | 'rollOut', K8sObject[]> = { defaults: [], imageTag: [], rollOut: [] };
  beforeAll(async () => {
    [rendered.defaults, rendered.imageTag, rendered.rollOut] = await Promise.all([
      renderChart(),
      renderChart({ set: { 'workerVersioning.enabled': true } }),
      renderChart({ valueFiles: [PRODUCTION], set: { ...TWO_VERSIONS, 'metrics.serviceMonitor.enabled': true } }),
    ]);
  });

  it('leaves the workers unversioned by default', () => {
    expect(workers(rendered.defaults).map((worker) => worker.metadata.name)).toEqual(QUEUES.map((queue) => `conveyor-worker-${queue}`));
    for (const worker of workers(rendered.defaults)) {
      expect(Object.keys(envOf(worker))).not.toContain('CONVEYOR_WORKER_DEPLOYMENT_NAME');
      expect(Object.keys(envOf(worker))).not.toContain('CONVEYOR_WORKER_BUILD_ID');
    }
  });

  it("versions the workers with the image's tag as build id when no version is listed, under the chart's full name", () => {
    const deployments = workers(rendered.imageTag);
    const suffix = PACKAGE_VERSION.replace(/\./g, '-');
    expect(deployments.map((worker) => worker.metadata.name)).toEqual(QUEUES.map((queue) => `conveyor-worker-${queue}-${suffix}`));
    for (const worker of deployments) {
      expect(envOf(worker)).toMatchObject({ CONVEYOR_WORKER_DEPLOYMENT_NAME: 'conveyor', CONVEYOR_WORKER_BUILD_ID: PACKAGE_VERSION });
      expect(podSpec(worker).containers[0]!.image).toBe(`conveyor:${PACKAGE_VERSION}`);
    }
  });

  it("runs each listed version's workers side by side, each build's pods apart from the other's, with its own image, autoscaler and disruption budget", () => {
    const objects = rendered.rollOut;
    const deployments = workers(objects);
    expect(deployments.map((worker) => worker.metadata.name)).toEqual(QUEUES.flatMap((queue) => ['1-4-0', '1-5-0'].map((build) => `conveyor-worker-${queue}-${build}`)));
    for (const [build, tag] of [['1.4.0', '1.4.0'], ['1.5.0', 'sha-5f3c2a1']] as const) {
      const ofBuild = deployments.filter((worker) => envOf(worker).CONVEYOR_WORKER_BUILD_ID === build);
      expect(ofBuild).toHaveLength(QUEUES.length);
      for (const worker of ofBuild) {
        expect(envOf(worker).CONVEYOR_WORKER_DEPLOYMENT_NAME).toBe('acme-tasks');
        expect(podSpec(worker).containers[0]!.image).toBe(`registry.example.com/conveyor:${tag}`);
        // Its selector takes its own pods and no other Deployment's.
        const selecting = deployments.filter((other) => selects(matchLabelsOf(worker), podLabelsOf(other)));
        expect(selecting.map((other) => other.metadata.name)).toEqual([worker.metadata.name]);
        for (const kind of ['HorizontalPodAutoscaler', 'PodDisruptionBudget']) {
          const own = ofKind(objects, kind).find((object) => object.metadata.name === worker.metadata.name);
          expect(own, `${kind} ${worker.metadata.name}`).toBeDefined();
          if (kind === 'HorizontalPodAutoscaler') expect((own!.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name).toBe(worker.metadata.name);
          else expect(deployments.filter((other) => selects(matchLabelsOf(own!), podLabelsOf(other))).map((other) => other.metadata.name)).toEqual([worker.metadata.name]);
        }
      }
    }
    // The workers' metrics Service still selects every worker pod, of both builds.
    const metrics = ofKind(objects, 'Service').find((service) => service.metadata.name === 'conveyor-worker-metrics')!;
    expect(deployments.every((worker) => selects((metrics.spec as { selector: Record<string, string> }).selector, podLabelsOf(worker)))).toBe(true);
  });

  it('lints clean with versioning on', async () => {
    const result = await lintChart({ valueFiles: [PRODUCTION], set: TWO_VERSIONS });
    expect(result.stdout + result.stderr).toContain('0 chart(s) failed');
  });

  it.each([
    ['a deployment name with a dot', { 'workerVersioning.deploymentName': 'acme.tasks' }, /deploymentName/],
    ['a build id with white space', { 'workerVersioning.versions[0].buildId': '1.4 rc' }, /buildId/],
    ['two build ids naming the same Deployments', { 'workerVersioning.versions[0].buildId': 'V1', 'workerVersioning.versions[1].buildId': 'v1' }, /build ids "V1" and "v1" would name the same Deployments/],
  ])('refuses %s', async (_label, set, message) => {
    const result = await renderChartFailure({ set: { 'workerVersioning.enabled': true, ...set } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });
});
