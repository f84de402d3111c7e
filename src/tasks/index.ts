import type { AnyTaskDefinition } from './define-task';
import { exampleApprovalTask } from './examples/approval';
import { exampleDataProcessingTask } from './examples/data-processing';
import { exampleErrorHandlingTask } from './examples/error-handling';
import { exampleLongRunningTask } from './examples/long-running';
import { noopTask } from './noop';
import { createRegistry, type TaskRegistry } from './registry';

/** Every task type this deployment offers. Add new ones here. */
export const taskDefinitions: readonly AnyTaskDefinition[] = [
  exampleLongRunningTask,
  exampleDataProcessingTask,
  exampleErrorHandlingTask,
  exampleApprovalTask,
  noopTask,
];

let registry: TaskRegistry | undefined;

/** The registry of {@link taskDefinitions}, built (and checked for duplicates) on first use. */
export function taskRegistry(): TaskRegistry {
  registry ??= createRegistry(taskDefinitions);
  return registry;
}
