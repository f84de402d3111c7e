import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderChart, REPO_ROOT } from './helm';

interface Application {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string };
  spec: {
    project: string;
    source: { repoURL: string; targetRevision: string; path: string; helm: { releaseName: string; valueFiles: string[] } };
    destination: { server: string; namespace: string };
    syncPolicy: { automated: { prune: boolean; selfHeal: boolean }; syncOptions: string[] };
  };
}

const application = parse(readFileSync(path.join(REPO_ROOT, 'deploy/argocd/application.yaml'), 'utf8')) as Application;

describe('the Argo CD Application', () => {
  it('is an Argo CD Application syncing automatically, pruning, healing and creating its namespace', () => {
    expect(application).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'conveyor', namespace: 'argocd' } });
    expect(application.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'conveyor' });
    expect(application.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(application.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
    // A placeholder nobody mistakes for a real repository.
    expect(application.spec.source.repoURL).toContain('REPLACE_WITH_YOUR_GIT_REPOSITORY_URL');
  });

  it('points at the chart and at value files that exist', () => {
    const chart = path.join(REPO_ROOT, application.spec.source.path);
    expect(application.spec.source.path).toBe('deploy/helm/conveyor');
    expect(existsSync(path.join(chart, 'Chart.yaml'))).toBe(true);
    expect(application.spec.source.helm.valueFiles.length).toBeGreaterThan(0);
    for (const file of application.spec.source.helm.valueFiles) expect(existsSync(path.join(chart, file)), file).toBe(true);
  });

  it('renders with helm template and those value files, as Argo CD will', async () => {
    const valueFiles = application.spec.source.helm.valueFiles.map((file) => path.relative(REPO_ROOT, path.join(REPO_ROOT, application.spec.source.path, file)));
    const objects = await renderChart({ valueFiles });
    expect(objects.map((object) => object.kind)).toEqual(expect.arrayContaining(['Deployment', 'Service', 'ConfigMap', 'Job', 'Ingress']));
  });
});
