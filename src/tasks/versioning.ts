import type { VersioningBehavior } from '@temporalio/common';
import type { AnyTaskDefinition } from './define-task';
import { InvalidTaskOptionError } from './errors';

/**
 * Which code a running task of a type keeps when a new version of the workers is deployed, on
 * workers with Worker Versioning (docs/deployment/safe-deploys.md):
 *  - `pinned` (the default): it runs to its end on the build it started on, workflow and
 *    activities; the old build's workers serve it until it is done.
 *  - `auto_upgrade`: it moves to the deployment's current build at its next workflow task, so the
 *    new workflow code must replay its history (`patched()`); for tasks that outlive any deploy.
 */
export type TaskVersioning = 'pinned' | 'auto_upgrade';

export const TASK_VERSIONINGS: readonly TaskVersioning[] = ['pinned', 'auto_upgrade'];

/**
 * Tasks are pinned unless their type says otherwise: a task that may run for days then never
 * meets workflow code it did not start with, and needs no `patched()` to survive a deploy.
 */
export const DEFAULT_TASK_VERSIONING: TaskVersioning = 'pinned';

/** The Temporal SDK's name of a versioning behaviour. */
export function versioningBehavior(versioning: TaskVersioning): VersioningBehavior {
  return versioning === 'pinned' ? 'PINNED' : 'AUTO_UPGRADE';
}

/** Refuses, when the registry is built, a `versioning` option that is not one of {@link TASK_VERSIONINGS}. */
export function checkVersioning(definitions: readonly AnyTaskDefinition[]): void {
  for (const task of definitions) {
    const value: unknown = task.versioning;
    if (value !== undefined && !(TASK_VERSIONINGS as readonly unknown[]).includes(value)) {
      throw new InvalidTaskOptionError(task.name, 'versioning', `must be "pinned" or "auto_upgrade", not "${String(value)}"`, task.definedAt);
    }
  }
}
