import { TASK_NAME_ATTRIBUTE } from '../../contract/search-attributes';
import type { AnyTaskDefinition } from '../../tasks/define-task';
import type { ApiContext } from '../../api/context';
import type { LoadedTask } from './load-task';

/** The task type of a loaded task, as this API serves it; undefined for a type it does not know. */
export function taskTypeOf(ctx: ApiContext, loaded: LoadedTask): AnyTaskDefinition | undefined {
  // A task started outside Conveyor has its name recorded once a worker runs it; its workflow type is its name already.
  const name = loaded.description.typedSearchAttributes.get(TASK_NAME_ATTRIBUTE) ?? loaded.description.type;
  return name && ctx.registry.has(name) ? ctx.registry.get(name) : undefined;
}
