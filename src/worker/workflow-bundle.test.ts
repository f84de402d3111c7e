import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { noopTask } from '../builtin/noop-task';
import type { Project } from '../project/load-project';
import { createRegistry } from '../tasks/registry';
import { describeInput, loadWorkflowBundle, writeWorkflowBundle, type BundleBuilder, type BundleInput } from './workflow-bundle';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'conveyor-bundle-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function project(queue: string): Project {
  return {
    configFile: path.join(scratch, 'conveyor.config.ts'),
    registry: createRegistry([noopTask(queue)]),
    workflowsFile: undefined,
    taskExports: new Map(),
    createActivities: () => ({}),
  };
}

/** Stands in for webpack: writes a bundle and records `source` as the one file it was built from. */
function fakeBuilder(source: string): BundleBuilder & { builds: number } {
  const builder = Object.assign(
    async (_project: Project, outFile: string, inputsFile: string) => {
      builder.builds++;
      mkdirSync(path.dirname(outFile), { recursive: true });
      writeFileSync(outFile, `// bundle ${builder.builds}`);
      writeFileSync(inputsFile, JSON.stringify([describeInput(source)]));
    },
    { builds: 0 },
  );
  return builder;
}

describe('loadWorkflowBundle', () => {
  const log = pino({ level: 'silent' });
  const options = { prebuiltPath: undefined, cacheDir: path.join(scratch, 'cache') };

  it('reuses a cached bundle until a file it was built from changes, or the tasks do', async () => {
    const source = path.join(scratch, 'workflows.ts');
    writeFileSync(source, 'export async function a() {}\n');
    const build = fakeBuilder(source);

    const first = await loadWorkflowBundle(project('q'), options, log, build);
    const again = await loadWorkflowBundle(project('q'), options, log, build);
    expect(build.builds).toBe(1);
    expect(again).toEqual(first);

    // Same size, new modification time: an edit.
    utimesSync(source, new Date(), new Date(Date.now() + 5000));
    await loadWorkflowBundle(project('q'), options, log, build);
    expect(build.builds).toBe(2);

    // Another registry (noop on another queue changes nothing bundled, but a task list change does).
    const otherTasks = { ...project('q'), registry: createRegistry([noopTask('q'), { ...noopTask('q'), name: 'noop_two' }]) };
    const other = await loadWorkflowBundle(otherTasks, options, log, build);
    expect(build.builds).toBe(3);
    expect(other).not.toEqual(first);
  });

  it('uses CONVEYOR_WORKFLOW_BUNDLE as given, and names it when it is missing', async () => {
    const prebuilt = path.join(scratch, 'prebuilt.js');
    writeFileSync(prebuilt, '// bundle');
    const build = fakeBuilder(prebuilt);
    expect(await loadWorkflowBundle(project('q'), { ...options, prebuiltPath: prebuilt }, log, build)).toEqual({ codePath: prebuilt });
    await expect(loadWorkflowBundle(project('q'), { ...options, prebuiltPath: `${prebuilt}.gone` }, log, build)).rejects.toThrow(/CONVEYOR_WORKFLOW_BUNDLE is .*gone, which does not exist/);
    expect(build.builds).toBe(0);
  });

  it('gives a traced worker the tracing build beside CONVEYOR_WORKFLOW_BUNDLE when there is one, and the bundle itself otherwise', async () => {
    const prebuilt = path.join(scratch, 'shipped', 'workflow-bundle.js');
    mkdirSync(path.dirname(prebuilt), { recursive: true });
    writeFileSync(prebuilt, '// bundle');
    const build = fakeBuilder(prebuilt);
    expect(await loadWorkflowBundle(project('q'), { ...options, prebuiltPath: prebuilt, tracing: true }, log, build)).toEqual({ codePath: prebuilt });
    const traced = path.join(scratch, 'shipped', 'workflow-bundle.tracing.js');
    writeFileSync(traced, '// tracing bundle');
    expect(await loadWorkflowBundle(project('q'), { ...options, prebuiltPath: prebuilt, tracing: true }, log, build)).toEqual({ codePath: traced });
    expect(await loadWorkflowBundle(project('q'), { ...options, prebuiltPath: prebuilt, tracing: false }, log, build)).toEqual({ codePath: prebuilt });
    expect(build.builds).toBe(0);
  });

  it('records the files a real build read, and no folder (the temp folder above the generated modules changes all the time)', async () => {
    const outFile = path.join(scratch, 'real', 'bundle.js');
    const inputsFile = path.join(scratch, 'real', 'inputs.json');
    await writeWorkflowBundle(project('q'), outFile, log, inputsFile);

    const inputs = JSON.parse(readFileSync(inputsFile, 'utf8')) as BundleInput[];
    expect(inputs.map((input) => input.file)).toContain(path.join(__dirname, '..', 'builtin', 'workflows.ts'));
    expect(inputs.filter((input) => !statSync(input.file).isFile())).toEqual([]);
  });
});
