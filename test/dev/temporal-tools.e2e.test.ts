import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { until, untilStatus, useApi, type SubmitAnswer } from '../helpers/api-harness';
import { ROOT } from '../helpers/cli';
import { runCommand } from '../helpers/run-command';
import { toolPath } from '../helpers/tools';

/** Runs Temporal's own CLI against the run's shared dev server. */
function temporal(args: string[]) {
  return runCommand(toolPath('temporal'), [...args, '--address', inject('temporalAddress'), '--namespace', 'default'], { cwd: ROOT });
}

/**
 * A task's Temporal workflow type is its task name: Temporal's own tools, and clients in any
 * language, see and start the tasks clients submit through Conveyor.
 */
describe('tasks as Temporal sees them', () => {
  const harness = useApi();

  it('a task started with `temporal workflow start` by its task name runs, and the API lists it with its name and queue and resolves its short id', async () => {
    const taskId = `direct-${randomUUID()}`;
    const started = await temporal([
      'workflow', 'start', '--type', 'example_data_processing', '--task-queue', 'computor-tasks', '--workflow-id', taskId,
      '--input', '{"data_size": 20, "chunk_size": 5, "operation": "sum"}',
    ]);
    expect(started.code, started.stderr).toBe(0);

    const done = await untilStatus(harness.api, taskId, ['completed', 'failed']);
    expect(done.body).toMatchObject({ task_id: taskId, task_name: 'example_data_processing', queue: 'computor-tasks', status: 'completed', submitter: null });
    expect(done.body.started_at).not.toBeNull();
    const result = await harness.api.call('GET', `/tasks/${taskId}/result`);
    expect(result.body).toMatchObject({ status: 'completed', result: { total_items: 20, chunks_processed: 4, final_result: 210 } });

    const listed = await until(
      () => harness.api.call<{ tasks: { task_id: string; task_name: string; queue: string }[] }>('GET', '/tasks?task_name=example_data_processing&limit=200'),
      (answer) => answer.body.tasks.some((task) => task.task_id === taskId),
    );
    expect(listed.body.tasks.find((task) => task.task_id === taskId)).toMatchObject({ task_name: 'example_data_processing', queue: 'computor-tasks' });
    // Nobody recorded its reversed id at start; the worker's interceptor did, so its short id resolves.
    const byShortId = await until(
      () => harness.api.call<{ task_id: string }>('GET', `/tasks/${taskId.slice(-12)}`),
      (answer) => answer.status === 200,
    );
    expect(byShortId.body.task_id).toBe(taskId);
  });

  it("`temporal workflow list --query \"WorkflowType='example_error_handling'\"` finds a task submitted through the API", async () => {
    const submitted = await harness.api.call<SubmitAnswer>('POST', '/tasks', { body: { task_name: 'example_error_handling', parameters: {} } });
    expect(submitted.status).toBe(201);
    await untilStatus(harness.api, submitted.body.task_id, ['completed']);

    const listing = await until(
      () => temporal(['workflow', 'list', '--query', `WorkflowType='example_error_handling' AND WorkflowId='${submitted.body.task_id}'`, '--output', 'json']),
      (answer) => answer.stdout.includes(submitted.body.task_id),
    );
    const [execution] = JSON.parse(listing.stdout) as { execution: { workflowId: string }; type: { name: string } }[];
    expect(execution).toMatchObject({ execution: { workflowId: submitted.body.task_id }, type: { name: 'example_error_handling' } });
  });
});
