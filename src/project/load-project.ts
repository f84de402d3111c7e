import path from 'node:path';
import { z } from 'zod';
import { noopTask } from '../builtin/noop-task';
import { isTaskDefinition, type AnyTaskDefinition } from '../tasks/define-task';
import { createRegistry, type TaskRegistry } from '../tasks/registry';
import { ConfigError } from './config-error';
import type { ActivityDeps, ConveyorConfig } from './define-config';
import { findConfigFile } from './find-config';
import { importAppModule, resolveAppModule } from './import-module';
import { taskWorkflowExports } from './task-workflow-exports';

/** An activity as the worker registers it. */
export type ActivityFunction = (...args: never[]) => Promise<unknown>;

/** An application as Conveyor runs it: its config, checked, with everything derived from it. */
export interface Project {
  /** The config file that was loaded (absolute). */
  configFile: string;
  /** The application's tasks and Conveyor's built-in `noop`, on the default queue. */
  registry: TaskRegistry;
  /** The application's workflows module (absolute, resolved), when it has tasks of its own. */
  workflowsFile: string | undefined;
  /** For each of the application's tasks, the name its workflow is exported under in the workflows module. */
  taskExports: ReadonlyMap<string, string>;
  /** The activities a worker registers, built from Conveyor's dependencies. */
  createActivities(deps: ActivityDeps): Record<string, ActivityFunction>;
}

export interface LoadProjectOptions {
  /** `--config <file>`, when given. */
  configFlag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const configShape = z
  .object({
    tasks: z.array(z.custom<AnyTaskDefinition>(isTaskDefinition, 'is not a task made by defineTask')),
    workflowsPath: z.string().min(1).optional(),
    activities: z.union([z.custom<(deps: ActivityDeps) => object>((value) => typeof value === 'function'), z.object({}).loose()]).optional(),
    queues: z.array(z.string()).optional(),
    definedIn: z.string().optional(),
  })
  .strict();

/**
 * Finds, loads and checks the application's config: its tasks (with the built-in `noop`) in a
 * registry, its workflows module and the export of each task's workflow. Every problem is a
 * {@link ConfigError}: one line, naming the file and what is wrong.
 */
export async function loadProject(options: LoadProjectOptions = {}): Promise<Project> {
  const configFile = findConfigFile({ flag: options.configFlag, env: options.env, cwd: options.cwd });
  const relative = path.relative(options.cwd ?? process.cwd(), configFile);
  // Relative to the working folder when inside it; a config elsewhere is named in full.
  const shown = relative && !relative.startsWith('..') ? relative : configFile;
  const fail = (problem: string): never => {
    throw new ConfigError(`${shown}: ${problem}`);
  };

  const config = readConfig(await loadModule(configFile, shown), fail);
  const tasks = config.tasks;
  const defaultQueue = config.queues?.[0] ?? tasks[0]?.queue ?? fail('declares no task and no queue; add a task to `tasks` (see docs/writing-tasks.md)');
  const builtins = [noopTask(defaultQueue)];
  let registry: TaskRegistry;
  try {
    registry = createRegistry([...tasks, ...builtins], config.queues ?? []);
  } catch (error) {
    return fail((error as Error).message);
  }

  let workflowsFile: string | undefined;
  let taskExports = new Map<string, string>();
  if (config.workflowsPath !== undefined || tasks.length > 0) {
    if (config.workflowsPath === undefined) return fail('`workflowsPath` is missing: name the module that exports the tasks\' workflows');
    const baseDir = path.dirname(config.definedIn ?? configFile);
    const target = path.resolve(baseDir, config.workflowsPath);
    workflowsFile = resolveAppModule(target) ?? fail(`workflowsPath ${config.workflowsPath} (from ${baseDir}) is not a module: no ${target}.ts, .js or ${target}/index.*`);
    const workflows = await loadModule(workflowsFile, config.workflowsPath);
    try {
      taskExports = taskWorkflowExports(tasks, workflows, config.workflowsPath, builtins.map((task) => task.name));
    } catch (error) {
      return fail((error as Error).message);
    }
  }

  return {
    configFile,
    registry,
    workflowsFile,
    taskExports,
    createActivities: (deps) => activityFunctions(config.activities, deps, fail),
  };
}

async function loadModule(file: string, shown: string): Promise<Record<string, unknown>> {
  try {
    return await importAppModule(file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`cannot load ${shown}: ${firstSentence(message)}`);
  }
}

/**
 * The first line of an error message, with the line it introduces when it ends in a colon
 * (`Transform failed with 1 error:` says where only on the next line).
 */
function firstSentence(message: string): string {
  const lines = message.split('\n').filter((line) => line.trim());
  const first = lines[0] ?? 'unknown error';
  return first.endsWith(':') && lines[1] ? `${first} ${lines[1].trim()}` : first;
}

/** The config a module exports (as default, or as the whole module), checked against its shape. */
function readConfig(module: Record<string, unknown>, fail: (problem: string) => never): ConveyorConfig {
  const exported = 'default' in module ? module.default : module;
  if (typeof exported !== 'object' || exported === null) return fail('exports no config; `export default defineConfig({ tasks, workflowsPath, activities })`');
  const parsed = configShape.safeParse(exported);
  if (!parsed.success) {
    return fail(`invalid config: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`).join('; ')}`);
  }
  return exported as ConveyorConfig;
}

/** The activity functions the config gives, built from `deps` when it gives a factory. */
function activityFunctions(activities: ConveyorConfig['activities'], deps: ActivityDeps, fail: (problem: string) => never): Record<string, ActivityFunction> {
  const built: unknown = typeof activities === 'function' ? (activities as (deps: ActivityDeps) => unknown)(deps) : (activities ?? {});
  if (typeof built !== 'object' || built === null) return fail('the `activities` factory returned no object of functions');
  const functions: Record<string, ActivityFunction> = {};
  // A module namespace may hold constants and types next to its activities; only functions are activities.
  for (const [name, value] of Object.entries(built)) if (typeof value === 'function') functions[name] = value as ActivityFunction;
  return functions;
}
