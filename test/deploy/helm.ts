import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCommand, type CommandResult } from '../helpers/run-command';
import { toolPath } from '../helpers/tools';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const CHART_DIR = path.join(REPO_ROOT, 'deploy/helm/conveyor');

/** A rendered Kubernetes object, loosely typed: the tests read the fields they assert on. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  [field: string]: unknown;
}

export function helm(args: string[]): Promise<CommandResult> {
  return runCommand(toolPath('helm'), args, { cwd: REPO_ROOT, env: { HELM_CACHE_HOME: path.join(REPO_ROOT, '.conveyor/helm-cache') } });
}

/** `--values` for each file (relative to the repository) and `--set-string`/`--set` pairs. */
export interface ValuesOptions {
  valueFiles?: string[];
  set?: Record<string, string | number | boolean>;
}

function valuesArgs({ valueFiles = [], set = {} }: ValuesOptions): string[] {
  return [...valueFiles.flatMap((file) => ['--values', path.join(REPO_ROOT, file)]), ...Object.entries(set).flatMap(([key, value]) => ['--set', `${key}=${value}`])];
}

/** `helm template` of the chart; rejects with helm's own message when it refuses the values. */
export async function renderChart(options: ValuesOptions = {}): Promise<K8sObject[]> {
  const result = await helm(['template', 'conveyor', CHART_DIR, '--namespace', 'tasks', ...valuesArgs(options)]);
  if (result.code !== 0) throw new Error(`helm template failed (${result.code}): ${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`helm template printed invalid YAML: ${document.errors[0]!.message}`);
      return document.toJS() as K8sObject | null;
    })
    .filter((object): object is K8sObject => object !== null);
}

/** `helm template` that is expected to fail: its exit code and message. */
export async function renderChartFailure(options: ValuesOptions): Promise<CommandResult> {
  return helm(['template', 'conveyor', CHART_DIR, '--namespace', 'tasks', ...valuesArgs(options)]);
}

export function lintChart(options: ValuesOptions = {}): Promise<CommandResult> {
  return helm(['lint', '--strict', CHART_DIR, ...valuesArgs(options)]);
}

export function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((object) => object.kind === kind);
}
