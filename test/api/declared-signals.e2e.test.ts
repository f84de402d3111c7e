import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longRunningInput } from '../../examples/long-running/schema';
import { exampleLongRunning } from '../../examples/long-running/workflow';
import { LONG_RUNNING_QUEUE } from '../../examples/queues';
import { decisionPayload, defineTask } from '../../src';
import { createRegistry } from '../../src/tasks/registry';
import { submitTask, until, useApi, type ApiBody } from '../helpers/api-harness';

interface TimelineAnswer {
  entries: { kind: string; name?: string }[];
}

/**
 * The generic signal route for what an application's task type declares. No example declares a
 * signal (the review step is an update), so this application declares two on the examples'
 * long-running workflow, which the run's worker serves: `note`, and `decision` as an older
 * application might still declare it.
 */
describe('Task API: POST /tasks/{id}/signals/{name} for a signal the task type declares', () => {
  const withSignals = defineTask({
    name: 'example_long_running',
    queue: LONG_RUNNING_QUEUE,
    description: 'The long-running example, declaring signals',
    input: longRunningInput,
    workflow: exampleLongRunning,
    signals: { note: z.object({ text: z.string().min(1).max(200) }).strict(), decision: decisionPayload },
  });
  const harness = useApi({}, { registry: createRegistry([withSignals]) });
  let taskId: string;

  const signal = (name: string, body: unknown) => harness.api.call('POST', `/tasks/${taskId}/signals/${name}`, { body });
  const timeline = () => harness.api.call<TimelineAnswer & ApiBody>('GET', `/tasks/${taskId}/history`);

  beforeAll(async () => {
    taskId = await submitTask(harness.api, 'example_long_running', { duration: 60, message: 'signals' });
  });
  afterAll(async () => {
    if (taskId) await harness.api.call('DELETE', `/tasks/${taskId}?mode=terminate`);
  });

  it('sends a declared signal with its checked payload (202), and the task history shows it received', async () => {
    const sent = await signal('note', { text: 'halfway there' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body).toEqual({ task_id: taskId, signal: 'note' });
    const answer = await until(timeline, (a) => a.body.entries?.some((entry) => entry.kind === 'signal_received') ?? false);
    expect(answer.body.entries.filter((entry) => entry.kind === 'signal_received').map((entry) => entry.name)).toEqual(['note']);
  });

  it("answers 422 naming the field for a payload the signal's schema refuses, and sends nothing", async () => {
    const received = async () => (await timeline()).body.entries.filter((entry) => entry.kind === 'signal_received').length;
    const before = await received();
    const refused = await signal('note', { text: 5 });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'invalid_signal_payload', message: expect.stringContaining('body.text') });
    expect((await signal('note', { text: 'ok', extra: true })).status).toBe(422);
    expect(await received()).toBe(before);
  });

  it('refuses `decision` even where a task type still declares it as a signal: decisions go through the review route', async () => {
    const refused = await signal('decision', { approved: true, reviewer: 'ana' });
    expect(refused.status).toBe(404);
    expect(refused.body.error).toMatchObject({ code: 'signal_not_declared', message: expect.stringContaining('/review') });
  });
});
