import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { noopTask } from '../builtin/noop-task';
import type { Project } from '../project/load-project';
import { defineTask } from '../tasks/define-task';
import { createRegistry } from '../tasks/registry';
import * as workflowPackage from '@temporalio/workflow';
import { z } from 'zod';
import { workflowSourcesFingerprint, writeWorkflowSources, type WorkflowSources } from './workflow-sources';

const APP_WORKFLOWS = '/app/workflows.ts';

async function greeting(): Promise<string> {
  return 'hello';
}

function project(): Project {
  const greet = defineTask({ name: 'greet', queue: 'q', description: 'Greets', input: z.object({}), workflow: greeting });
  return {
    configFile: '/app/conveyor.config.ts',
    registry: createRegistry([greet, noopTask('q')]),
    workflowsFile: APP_WORKFLOWS,
    taskExports: new Map([['greet', 'greeting']]),
    createActivities: () => ({}),
  };
}

/**
 * Evaluates the generated workflows module as the bundle would, with stand-ins for the modules it
 * requires; `required` lists what it asked for, in order.
 */
function evaluateWorkflowsModule(
  sources: WorkflowSources,
  {
    builtins = { noop: async () => ({ ok: true }) },
    application = { greeting, childStep: async () => 'step' },
    deploymentName = 'conveyor-workers',
  }: { builtins?: Record<string, unknown>; application?: Record<string, unknown>; deploymentName?: string } = {},
) {
  const required: string[] = [];
  // The worker that runs the execution: with a deployment version (a versioned worker), or '' (unversioned).
  const workflowInfo = () => ({ currentDeploymentVersion: { deploymentName, buildId: deploymentName ? 'build-1' : 'auto' } });
  const modules: Record<string, unknown> = {
    [APP_WORKFLOWS]: application,
    [path.dirname(require.resolve('@temporalio/workflow/package.json'))]: { ...workflowPackage, workflowInfo },
  };
  const requireStandIn = (id: string) => {
    required.push(id);
    return modules[id] ?? builtins;
  };
  const module = { exports: {} as Record<string, unknown> };
  vm.runInNewContext(readFileSync(sources.workflowsPath, 'utf8'), { require: requireStandIn, module, exports: module.exports });
  return { workflows: module.exports, required };
}

describe('the generated workflows module', () => {
  let sources: WorkflowSources | undefined;
  afterEach(() => sources?.dispose());

  it("does not evaluate the application's workflows for a built-in workflow (the SDK evaluates the bundle per execution)", () => {
    sources = writeWorkflowSources(project());
    const { workflows, required } = evaluateWorkflowsModule(sources);
    expect(typeof workflows.noop).toBe('function');
    // The SDK looks up the workflow type, then `default`.
    expect(workflows.default).toBeUndefined();
    expect(required.map((id) => path.basename(id))).toEqual([expect.stringMatching(/^workflows\.(ts|js)$/)]);
    expect(required).not.toContain(APP_WORKFLOWS);
  });

  it("requires the application's workflows once, for its tasks by task name and its workflows by export name", () => {
    sources = writeWorkflowSources(project());
    const { workflows, required } = evaluateWorkflowsModule(sources);
    expect(workflows.greet).toBe(greeting);
    expect(workflows.greeting).toBe(greeting);
    expect(typeof workflows.childStep).toBe('function');
    expect(required.filter((id) => id === APP_WORKFLOWS)).toHaveLength(1);
  });

  it("lists every workflow, the application's included, for tools that enumerate the bundle's exports", () => {
    sources = writeWorkflowSources(project());
    const { workflows } = evaluateWorkflowsModule(sources);
    expect(Object.keys(workflows).sort()).toEqual(['childStep', 'greet', 'greeting', 'noop']);
  });
});

describe("the generated workflows module's Worker Versioning options", () => {
  let sources: WorkflowSources | undefined;
  afterEach(() => sources?.dispose());

  /** What the SDK reads off a workflow function: its definition options, evaluated as it would. */
  const optionsOf = (fn: unknown) => {
    const options = (fn as { workflowDefinitionOptions?: unknown }).workflowDefinitionOptions;
    return typeof options === 'function' ? (options as () => unknown)() : options;
  };

  function versionedProject(): Project {
    const base = project();
    const tasks = [
      ...base.registry.list(),
      defineTask({ name: 'greet_upgrading', queue: 'q', description: 'Greets', input: z.object({}), workflow: greeting, versioning: 'auto_upgrade' }),
      defineTask({ name: 'greet_pinned', queue: 'q', description: 'Greets', input: z.object({}), workflow: greeting, versioning: 'pinned' }),
    ];
    const taskExports = new Map([...base.taskExports, ['greet_upgrading', 'greeting'], ['greet_pinned', 'greeting']]);
    return { ...base, registry: createRegistry(tasks), taskExports };
  }

  it("gives each task type that declares `versioning` its own copy of the workflow, leaving the function and other task types' as they were", async () => {
    sources = writeWorkflowSources(versionedProject());
    const { workflows } = evaluateWorkflowsModule(sources);
    expect(optionsOf(workflows.greet_upgrading)).toEqual({ versioningBehavior: 'AUTO_UPGRADE' });
    expect(optionsOf(workflows.greet_pinned)).toEqual({ versioningBehavior: 'PINNED' });
    // The same copy for every look-up of an execution; it runs the application's function.
    expect(workflows.greet_upgrading).toBe(workflows.greet_upgrading);
    expect(await (workflows.greet_upgrading as () => Promise<string>)()).toBe('hello');
    // Undeclared: the function itself, which the worker's default (pinned) applies to.
    expect(workflows.greet).toBe(greeting);
    expect(workflows.greeting).toBe(greeting);
    expect(optionsOf(greeting)).toBeUndefined();
  });

  it("keeps the workflow's own definition options, the task type's versioning taking precedence", () => {
    class Refused extends Error {}
    async function strict(): Promise<string> {
      return 'strict';
    }
    workflowPackage.setWorkflowOptions(() => ({ versioningBehavior: 'PINNED', failureExceptionTypes: [Refused] }), strict);
    const task = defineTask({ name: 'strict', queue: 'q', description: 'Strict', input: z.object({}), workflow: strict, versioning: 'auto_upgrade' });
    sources = writeWorkflowSources({ ...project(), registry: createRegistry([task]), taskExports: new Map([['strict', 'strict']]) });
    const { workflows } = evaluateWorkflowsModule(sources, { application: { strict } });
    expect(optionsOf(workflows.strict)).toEqual({ versioningBehavior: 'AUTO_UPGRADE', failureExceptionTypes: [Refused] });
    expect(optionsOf(strict)).toEqual({ versioningBehavior: 'PINNED', failureExceptionTypes: [Refused] });
  });

  it("moves Conveyor's own workflows that are not tasks (semaphores, debounce windows) to the current build, unless they say otherwise", () => {
    async function conveyorSemaphore(): Promise<void> {}
    async function conveyorPinnedThing(): Promise<void> {}
    workflowPackage.setWorkflowOptions({ versioningBehavior: 'PINNED' }, conveyorPinnedThing);
    sources = writeWorkflowSources(project());
    const { workflows } = evaluateWorkflowsModule(sources, { builtins: { noop: async () => ({ ok: true }), conveyorSemaphore, conveyorPinnedThing } });
    expect(optionsOf(workflows.conveyorSemaphore)).toEqual({ versioningBehavior: 'AUTO_UPGRADE' });
    expect(optionsOf(workflows.conveyorPinnedThing)).toEqual({ versioningBehavior: 'PINNED' });
    expect(optionsOf(conveyorSemaphore)).toBeUndefined();
  });

  it('sends no versioning behaviour from an unversioned worker (Temporal refuses one there), keeping the rest of the options', () => {
    class Refused extends Error {}
    async function strict(): Promise<string> {
      return 'strict';
    }
    workflowPackage.setWorkflowOptions({ failureExceptionTypes: [Refused] }, strict);
    const task = defineTask({ name: 'strict', queue: 'q', description: 'Strict', input: z.object({}), workflow: strict, versioning: 'pinned' });
    sources = writeWorkflowSources({ ...project(), registry: createRegistry([task]), taskExports: new Map([['strict', 'strict']]) });
    const unversioned = evaluateWorkflowsModule(sources, { application: { strict }, builtins: { noop: async () => ({ ok: true }), conveyorSemaphore: async () => undefined }, deploymentName: '' });
    expect(optionsOf(unversioned.workflows.strict)).toEqual({ versioningBehavior: undefined, failureExceptionTypes: [Refused] });
    expect(optionsOf(unversioned.workflows.conveyorSemaphore)).toEqual({ versioningBehavior: undefined });
  });
});

describe('the modules the bundle preloads (evaluated once per worker, shared by every execution)', () => {
  let sources: WorkflowSources | undefined;
  afterEach(() => sources?.dispose());

  it("are the SDK's workflow package and Conveyor's stateless contract, never a module holding an execution's state", () => {
    sources = writeWorkflowSources(project());
    const preloaded = sources.preloadModules;
    expect(preloaded[0]).toBe(path.dirname(require.resolve('@temporalio/workflow/package.json')));
    const contract = preloaded.filter((file) => file.includes(`${path.sep}contract${path.sep}`));
    expect(contract.map((file) => path.parse(file).name)).toEqual(['search-attributes', 'finite-result', 'decision', 'failure-type', 'flow-control', 'slots', 'task-slot', 'task-bookkeeping', 'keyed-activities']);
    for (const file of contract) {
      const source = readFileSync(file, 'utf8');
      // A module-level `let` or `var` is state: shared, one execution would see another's.
      expect(source, file).not.toMatch(/^(let|var) /m);
      // Nor may it import one that holds state (progress, or what imports it).
      expect(source, file).not.toMatch(/from '\.\/(progress|await-decision|interceptors)'/);
    }
  });

  it('are part of what a cached bundle is keyed by, so a change to them rebuilds it', () => {
    sources = writeWorkflowSources(project());
    const fingerprint = workflowSourcesFingerprint(project());
    for (const file of sources.preloadModules) expect(fingerprint, file).toContain(file);
  });
});
