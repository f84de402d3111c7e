import type { FastifyReply } from 'fastify';
import type { StartedTask } from '../../../temporal/tasks/start-task';
import { shortTaskId } from '../../../temporal/tasks/task-view';

/**
 * The answer to a request that started a task (POST /tasks, POST /tasks/{id}/retry): 201 with its
 * `Location` when it started now, 200 for the task an idempotent repeat found. `ended` is the
 * task's status, or its outcome when the request waited for it.
 */
export function sendStartedTask<Extra extends object>(reply: FastifyReply, started: StartedTask, ended: { status: StartedTask['status'] } & object, extra: Extra) {
  void reply.header('location', `/tasks/${encodeURIComponent(started.taskId)}`);
  return reply.status(started.outcome === 'started' ? 201 : 200).send({
    task_id: started.taskId,
    short_id: shortTaskId(started.taskId),
    run_id: started.runId,
    task_name: started.taskName,
    queue: started.queue,
    ...ended,
    submitter: started.submitter,
    start_delay_ms: started.startDelayMs,
    priority: started.priority,
    fairness_key: started.fairnessKey,
    existing: started.outcome === 'existing',
    ...extra,
  });
}
