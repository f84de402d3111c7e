import { decisionUpdate } from '../../contract/decision';
import type { TaskRegistry } from '../../tasks/registry';
import { InvalidSignalPayload, SignalNotDeclared, TaskFinished } from '../store-errors';
import type { LoadedTask } from './load-task';
import { taskTypeOf } from './task-type-of';

/**
 * Sends a running task (`loaded` for writing) a signal its task type declares, with `payload`
 * checked against the signal's schema (defaults applied). A signal the type does not declare is
 * {@link SignalNotDeclared}, a task that ended {@link TaskFinished}, a payload the schema refuses
 * {@link InvalidSignalPayload}, naming each issue.
 */
export async function signalTask(registry: TaskRegistry, loaded: LoadedTask, name: string, payload: unknown): Promise<void> {
  const id = loaded.taskId;
  // A decision is a review (the `decision` update, which refuses one the task does not wait for), never a signal, even where a task type still declares one.
  if (name === decisionUpdate.name) throw new SignalNotDeclared(id, name, true);
  const signals = taskTypeOf(registry, loaded)?.signals ?? {};
  // Own keys only: `constructor` or `__proto__` is no signal a task declares.
  const schema = Object.hasOwn(signals, name) ? signals[name] : undefined;
  if (!schema) throw new SignalNotDeclared(id, name);
  if (loaded.description.status.name !== 'RUNNING') throw new TaskFinished(id);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new InvalidSignalPayload(id, name, parsed.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })));
  await loaded.handle.signal(name, parsed.data);
}
