import type { AnyTaskDefinition } from '../../tasks/define-task';
import type { TaskRegistry } from '../../tasks/registry';
import type { LoadedTask } from './load-task';
import { taskNameOf } from './task-name';

/** The task type of a loaded task in `registry`; undefined for a type it does not know. */
export function taskTypeOf(registry: TaskRegistry, loaded: LoadedTask): AnyTaskDefinition | undefined {
  const name = taskNameOf(loaded.description);
  return name !== null && registry.has(name) ? registry.get(name) : undefined;
}
