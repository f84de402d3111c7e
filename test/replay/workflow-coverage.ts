import type { temporal } from '@temporalio/proto';
import type { Project } from '../../src/project/load-project';
import { importAppModule } from '../../src/project/import-module';
import { writeWorkflowSources } from '../../src/worker/workflow-sources';

type History = temporal.api.history.v1.IHistory;

/**
 * What a worker's workflow bundle for `project` exports: its generated entry module, loaded in
 * Node (workflow modules import nothing that needs the sandbox until a workflow runs).
 */
export async function bundleWorkflowExports(project: Project): Promise<Record<string, unknown>> {
  const sources = writeWorkflowSources(project);
  try {
    return await importAppModule(sources.workflowsPath);
  } finally {
    sources.dispose();
  }
}

/** The workflow type a history ran. */
export function workflowTypeOf(history: History): string | undefined {
  return history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? undefined;
}

/**
 * The workflows no recorded history covers, one entry per workflow function, naming every export
 * of it ("example_x = exampleX"): a function exported under several names (its export name and its
 * task name) is covered by a history of any of them. Empty when every workflow is covered.
 */
export function workflowsWithoutHistory(exports: Record<string, unknown>, recordedTypes: readonly string[]): string[] {
  const namesByWorkflow = new Map<unknown, string[]>();
  for (const [name, value] of Object.entries(exports)) {
    if (typeof value !== 'function') continue;
    namesByWorkflow.set(value, [...(namesByWorkflow.get(value) ?? []), name]);
  }
  const recorded = new Set(recordedTypes);
  return [...namesByWorkflow.values()].filter((names) => !names.some((name) => recorded.has(name))).map((names) => names.sort().join(' = '));
}
