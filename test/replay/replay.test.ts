import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Project } from '../../src/project/load-project';
import { writeWorkflowSources, type WorkflowSources } from '../../src/worker/workflow-sources';
import { examplesProject } from '../helpers/examples';
import { bundleWorkflowExports, workflowTypeOf, workflowsWithoutHistory } from './workflow-coverage';

const HISTORIES = path.join(__dirname, 'histories');
/** Histories of tasks started by Conveyor 0.1 (workflow types were function names, progress a signal): in-flight tasks of an upgrade. */
const V0_1 = path.join(HISTORIES, 'v0.1');

/** A history as `temporal workflow show --output json` writes it; the replayer reads that form itself. */
function recorded(dir: string, file: string): RecordedHistory {
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as RecordedHistory;
}

type RecordedHistory = Parameters<typeof workflowTypeOf>[0];

const jsonFiles = (dir: string) =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();

/** The workflow types the recorded histories ran. */
const recordedTypes = () => jsonFiles(HISTORIES).flatMap((file) => workflowTypeOf(recorded(HISTORIES, file)) ?? []);

/** Replays histories against the examples' workflow bundle, the very one the run's workers run (`conveyor worker bundle`). */
async function replay(histories: { workflowId: string; history: ReturnType<typeof recorded> }[]) {
  const results: { workflowId: string; error?: Error }[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: inject('examplesBundle') } }, histories)) results.push(result);
  return results;
}

function replayOptions(sources: WorkflowSources): ReplayWorkerOptions {
  return {
    workflowsPath: sources.workflowsPath,
    interceptors: { workflowModules: sources.interceptorModules },
    bundlerOptions: { webpackConfigHook: sources.webpackConfigHook },
  };
}

/**
 * Every recorded history replays against today's workflow code: a change that would break
 * running tasks (non-determinism) fails here, not in production. Re-record with
 * `npm run record-histories` when a workflow changes on purpose.
 */
describe('workflow replay', () => {
  let project: Project;
  let dispose: (() => void) | undefined;

  beforeAll(async () => {
    project = await examplesProject();
  });
  afterAll(() => dispose?.());

  it('has a recorded history for every workflow the bundle exports', async () => {
    const uncovered = workflowsWithoutHistory(await bundleWorkflowExports(project), recordedTypes());
    expect(uncovered, 'record a history for each (test/replay/record-histories.ts)').toEqual([]);
  });

  it('names a workflow the bundle exports that no history covers', async () => {
    const extended = { ...project, workflowsFile: path.join(__dirname, '..', 'fixtures', 'unrecorded-workflows.ts') };
    expect(workflowsWithoutHistory(await bundleWorkflowExports(extended), recordedTypes())).toEqual(['exampleUnrecorded']);
  });

  it('replays every recorded history without a determinism violation', async () => {
    const files = jsonFiles(HISTORIES);
    const results = await replay(files.map((file) => ({ workflowId: file, history: recorded(HISTORIES, file) })));
    expect(results.map((r) => [r.workflowId, r.error?.message])).toEqual(files.map((file) => [file, undefined]));
  });

  it("replays tasks Conveyor 0.1 started, so an upgrade doesn't break tasks in flight", async () => {
    const files = jsonFiles(V0_1);
    expect(files.length).toBeGreaterThan(0);
    const results = await replay(files.map((file) => ({ workflowId: file, history: recorded(V0_1, file) })));
    expect(results.map((r) => [r.workflowId, r.error?.message])).toEqual(files.map((file) => [file, undefined]));
  });

  it('catches a workflow change that running tasks could not survive', async () => {
    const changed = { ...project, workflowsFile: path.join(__dirname, '..', 'fixtures', 'changed-workflows.ts') };
    const sources = writeWorkflowSources(changed);
    dispose = sources.dispose;
    const replaying = Worker.runReplayHistory(replayOptions(sources), recorded(HISTORIES, 'data-processing.json'));
    await expect(replaying).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
