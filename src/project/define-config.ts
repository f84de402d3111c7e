import type { Client } from '@temporalio/client';
import type { AnyTaskDefinition } from '../tasks/define-task';
import { callerLocation } from '../tasks/caller-location';

/** What Conveyor hands an activities factory: the worker's own Temporal client (shared connection). */
export interface ActivityDeps {
  client: Client;
}

/** The activities workers register, by name: functions (other exports, such as constants, are skipped). */
export type ActivityFunctions = object;

/** What an application declares in its `conveyor.config.ts`. */
export interface ConveyorConfigSpec {
  /** The application's task types (made by `defineTask`). */
  tasks: readonly AnyTaskDefinition[];
  /**
   * The module that exports every workflow the tasks use (a file, or a folder with an index),
   * relative to the file that calls `defineConfig`. The worker bundles it for Temporal's sandbox.
   */
  workflowsPath?: string;
  /**
   * The activities: an object of functions (`import * as activities from './activities'`), or a
   * factory receiving Conveyor's dependencies (`(deps) => ({ ... })`), called once per worker process.
   */
  activities?: ActivityFunctions | ((deps: ActivityDeps) => ActivityFunctions);
  /**
   * Queues workers serve besides those the tasks name; the first is the default queue, where the
   * built-in `noop` task runs. Without it, the first task's queue is the default.
   */
  queues?: readonly string[];
}

/** A config made by {@link defineConfig}. */
export interface ConveyorConfig extends ConveyorConfigSpec {
  /** The file that called `defineConfig`: relative paths in the config are relative to it. */
  readonly definedIn: string | undefined;
}

/**
 * Declares an application's config; `conveyor.config.ts` exports it as default. The file that
 * calls it is remembered, so `workflowsPath` stays relative to it even when another file
 * re-exports the config.
 */
export function defineConfig(spec: ConveyorConfigSpec): ConveyorConfig {
  return { ...spec, definedIn: callerLocation()?.file };
}
