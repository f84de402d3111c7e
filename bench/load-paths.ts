import type { Client } from '@temporalio/client';
import type { TaskRegistry } from '../src/tasks/registry';
import { startTask } from '../src/temporal/tasks/start-task';
import type { JsonClient } from './http-client';
import type { LoadTaskType } from './load-task-types';

/** One task's run as the load tool saw it. */
export interface TaskOutcome {
  taskId: string;
  submitMs: number;
  endToEndMs: number;
  result: unknown;
}

/** Told the task id as soon as the submit is accepted, before the result: a task that never answers is still accounted for. */
export type OnAccepted = (taskId: string) => void;

/** One task through the Task API: `POST /tasks`, then `GET /tasks/{id}/result?wait=30s` until it answers 200. */
export async function viaApi(http: JsonClient, type: LoadTaskType, queue: string, onAccepted: OnAccepted): Promise<TaskOutcome> {
  const began = performance.now();
  const submitted = await http.request<{ task_id: string }>('POST', '/tasks', { task_name: type.name, parameters: type.params, queue });
  if (submitted.status !== 201) throw new Error(`submit answered ${submitted.status}: ${JSON.stringify(submitted.body)}`);
  const taskId = submitted.body.task_id;
  onAccepted(taskId);
  const submitMs = performance.now() - began;
  for (;;) {
    const answer = await http.request<{ status: string; result?: unknown }>('GET', `/tasks/${encodeURIComponent(taskId)}/result?wait=30s`);
    if (answer.status === 202) continue;
    if (answer.status !== 200 || answer.body.status !== 'completed') throw new Error(`result of ${taskId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return { taskId, submitMs, endToEndMs: performance.now() - began, result: answer.body.result };
  }
}

/** One task through the Temporal client: the same start the API makes (`startTask`), then `handle.result()`. */
export async function viaClient(client: Client, registry: TaskRegistry, type: LoadTaskType, queue: string, onAccepted: OnAccepted): Promise<TaskOutcome> {
  const began = performance.now();
  const { taskId, handle } = await startTask(client, registry, { taskName: type.name, params: type.params, queue }, { name: 'bench', role: 'admin' });
  onAccepted(taskId);
  const submitMs = performance.now() - began;
  const result: unknown = await handle.result();
  return { taskId, submitMs, endToEndMs: performance.now() - began, result };
}
