import type { AnyTaskDefinition } from '../tasks/define-task';

/**
 * For each task, the name under which the workflows module exports its workflow function. The
 * worker registers that function under the task's name too, so the workflow type is the task
 * name. Throws when a task's workflow is not exported, or when an export already carries a
 * task's name but is another function (it would be shadowed).
 */
export function taskWorkflowExports(
  tasks: readonly AnyTaskDefinition[],
  workflows: Record<string, unknown>,
  shownPath: string,
  /** The names of Conveyor's built-in tasks, whose workflows live in Conveyor itself. */
  builtinNames: readonly string[],
): Map<string, string> {
  const builtinNamesake = builtinNames.find((name) => typeof workflows[name] === 'function');
  if (builtinNamesake !== undefined) {
    throw new Error(`${shownPath} exports a workflow named "${builtinNamesake}", the name of Conveyor's built-in task; rename it (a task's name is its workflow type)`);
  }
  const exportNames = Object.keys(workflows).filter((name) => typeof workflows[name] === 'function');
  const byTask = new Map<string, string>();
  for (const task of tasks) {
    const exported = exportNames.find((name) => workflows[name] === task.workflow);
    if (exported === undefined) {
      const fn = task.workflow.name || 'its workflow function';
      throw new Error(`task "${task.name}" (at ${task.definedAt}): ${fn} is not exported from ${shownPath} (workflowsPath); export it there so the worker can bundle it`);
    }
    const namesake = workflows[task.name];
    if (typeof namesake === 'function' && namesake !== task.workflow) {
      throw new Error(`${shownPath} exports a workflow named "${task.name}" that is not task "${task.name}"'s workflow; rename one of them (a task's name is its workflow type)`);
    }
    byTask.set(task.name, exported);
  }
  return byTask;
}
