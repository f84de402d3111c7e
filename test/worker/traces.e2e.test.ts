import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitOf, spawnCli, type ProcessWithOutput } from '../helpers/cli';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver';
import { sharedServerEnv, startWorkerProcess, uniqueQueue } from '../helpers/temporal';
import { until } from '../helpers/until';

const FIXTURE_CONFIG = path.join(__dirname, '..', 'fixtures', 'traces', 'conveyor.config.ts');
const TASK = 'traced_steps';
const PATIENCE = { tries: 600, intervalMs: 100 };

/** The spans one submit of the fixture's task makes: the API's, the client's start, the workflow, its three steps, its child. */
const EXPECTED_SPANS = [
  'POST /tasks',
  `StartWorkflow:${TASK}`,
  `RunWorkflow:${TASK}`,
  'StartActivity:step',
  'StartActivity:step',
  'StartActivity:step',
  'RunActivity:step',
  'RunActivity:step',
  'RunActivity:step',
  'StartChildWorkflow:tracedChild',
  'RunWorkflow:tracedChild',
].sort();

/** Resolves with the URL a `conveyor api` process says it listens on (its `ready` message). */
function apiUrl(api: ProcessWithOutput): Promise<string> {
  return new Promise((resolve, reject) => {
    api.on('message', (message: { type?: string; url?: string }) => {
      if (message.type === 'ready' && message.url) resolve(message.url);
    });
    api.once('exit', (code) => reject(new Error(`conveyor api exited (${code}) before it listened:\n${api.output()}`)));
  });
}

/**
 * Traces end to end: a real `conveyor api` and `conveyor worker` serving test/fixtures/traces, both
 * exporting to a loopback OTLP/HTTP receiver (the API in JSON, the worker in protobuf, the default).
 * Real processes, not the in-process API: the tracer provider they install is process-global.
 */
describe('traces', () => {
  const queue = uniqueQueue('traces');
  let receiver: OtlpReceiver;
  let api: ProcessWithOutput;
  let worker: Awaited<ReturnType<typeof startWorkerProcess>>;
  let base: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const otel = { CONVEYOR_CONFIG: FIXTURE_CONFIG, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' };
    api = spawnCli(['api'], { ...sharedServerEnv(), ...otel, CONVEYOR_API_PORT: '0', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    [base, worker] = await Promise.all([apiUrl(api), startWorkerProcess([queue], otel)]);
  }, 180_000);

  afterAll(async () => {
    api?.kill('SIGTERM');
    worker?.kill('SIGTERM');
    await Promise.all([api && exitOf(api), worker?.exited()]);
    await receiver?.close();
  });

  it('one submit makes one trace: the API span, the workflow span and one span per activity and child workflow, each naming the task; GET /tasks/{id} gives its trace_id', async () => {
    const submitted = await fetch(`${base}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ task_name: TASK, parameters: { label: 'traced' }, queue }),
    });
    expect(submitted.status).toBe(201);
    const taskId = ((await submitted.json()) as { task_id: string }).task_id;
    const task = await until(
      async () => (await fetch(`${base}/tasks/${encodeURIComponent(taskId)}`)).json() as Promise<{ status: string; trace_id: string | null }>,
      (view) => view.status === 'completed',
      PATIENCE,
    );

    const ofTask = (span: ReceivedSpan) => span.attributes['conveyor.task_id'] === taskId;
    const spans = await until(async () => receiver.spans.filter(ofTask), (found) => found.length >= EXPECTED_SPANS.length, PATIENCE);
    expect(spans.map((span) => span.name).sort()).toEqual(EXPECTED_SPANS);
    const traceIds = new Set(spans.map((span) => span.traceId));
    expect(traceIds.size).toBe(1);
    expect(task.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect([...traceIds]).toEqual([task.trace_id]);
    // Every span of the trace names the task, the child workflow's included; the API's and the worker's say who they are.
    const trace = receiver.spans.filter((span) => span.traceId === task.trace_id);
    expect(trace.filter((span) => !ofTask(span) || span.attributes['conveyor.task_name'] !== TASK)).toEqual([]);
    expect(new Set(trace.filter((span) => span.name === 'POST /tasks' || span.name.startsWith('StartWorkflow')).map((span) => span.service))).toEqual(new Set(['conveyor-api']));
    expect(new Set(trace.filter((span) => span.name.startsWith('Run')).map((span) => span.service))).toEqual(new Set(['conveyor-worker']));
    // One tree: the workflow's run hangs under the API's submit.
    const submit = trace.find((span) => span.name === 'POST /tasks');
    const run = trace.find((span) => span.name === `RunWorkflow:${TASK}`);
    const start = trace.find((span) => span.name === `StartWorkflow:${TASK}`);
    expect(start?.parentSpanId).toBe(submit?.spanId);
    expect(run?.parentSpanId).toBe(start?.spanId);
  });
});
