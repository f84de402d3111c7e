import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTS_WORKFLOW_ID } from '../../src/contract/alerts';
import { loadProject } from '../../src/project/load-project';
import { useApi, type ApiBody, type SubmitAnswer } from '../helpers/api-harness';
import { ROOT } from '../helpers/cli';
import { startWorkerProcess } from '../helpers/temporal';
import { until } from '../helpers/until';

const FIXTURE_CONFIG = path.join(ROOT, 'test', 'fixtures', 'alerts', 'conveyor.config.ts');
const SECRET = 'alerts-test-signing-secret';
/** A token in the URL's path, as a chat webhook's: it must never reach a log. */
const URL_TOKEN = 'T0KEN-in-the-path';
/** The receiver fails a failed task's alert's first deliveries: Temporal retries them with back-off. */
const FAILED_DELIVERIES = 2;
const PATIENCE = { tries: 300, intervalMs: 100 };
const KEYS = 'alert-root:admin:alert-root-secret,alert-alice:submitter:alert-alice-secret';
const as = (who: 'root' | 'alice') => ({ authorization: `Bearer alert-${who}-secret` });

interface Received {
  alertId: string;
  event: string;
  signature: string | undefined;
  raw: string;
  body: Record<string, unknown>;
  at: number;
  answered: number;
}

interface AlertView extends ApiBody {
  alerts: { alert_id: string; event: string; task_id: string | null; state: string; attempts: number; last_error: string | null }[];
}

/**
 * Webhook alerts end to end: a real `conveyor worker` with CONVEYOR_ALERT_* set (checking every
 * second) serving test/fixtures/alerts, a loopback receiver that fails a failed task's alert's
 * first two deliveries, and the API's GET /alerts.
 */
describe('webhook alerts', () => {
  const received: Received[] = [];
  let receiver: Server;
  let worker: Awaited<ReturnType<typeof startWorkerProcess>>;
  const harness = useApi({ CONVEYOR_AUTH: 'keys', CONVEYOR_API_KEYS: KEYS }, async () => ({ registry: (await loadProject({ configFlag: FIXTURE_CONFIG, cwd: ROOT })).registry }));

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const alertId = String(request.headers['x-conveyor-delivery']);
        // Failed tasks' alerts meet a receiver that is down at first; the others are taken at once.
        const failing = request.headers['x-conveyor-event'] === 'task_failed' && received.filter((earlier) => earlier.alertId === alertId).length < FAILED_DELIVERIES;
        const answered = failing ? 500 : 200;
        const signature = request.headers['x-conveyor-signature'];
        received.push({ alertId, event: String(request.headers['x-conveyor-event']), signature: typeof signature === 'string' ? signature : undefined, raw, body: JSON.parse(raw) as Record<string, unknown>, at: Date.now(), answered });
        response.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/${URL_TOKEN}`;
    worker = await startWorkerProcess(['alerts-fixture'], {
      CONVEYOR_CONFIG: FIXTURE_CONFIG,
      CONVEYOR_LOG_LEVEL: 'info',
      CONVEYOR_ALERT_WEBHOOK_URL: url,
      CONVEYOR_ALERT_WEBHOOK_SECRET: SECRET,
      CONVEYOR_ALERT_TASK_NAMES: 'alert_charge,alert_stuck,alert_hold,alert_slow',
      CONVEYOR_ALERT_STUCK_AFTER: '1s',
      CONVEYOR_ALERT_CHECK_INTERVAL: '1s',
    });
  }, 180_000);

  afterAll(async () => {
    await harness.client.workflow.getHandle(ALERTS_WORKFLOW_ID).terminate('alerts test done').catch(() => undefined);
    worker?.kill('SIGTERM');
    await worker?.exited();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const submit = async (taskName: string) => (await harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body: { task_name: taskName, parameters: {} }, headers: as('root') })).body.task_id;
  const deliveredFor = (event: string, match: (body: Record<string, unknown>) => boolean) =>
    until(
      async () => received.filter((request) => request.event === event && match(request.body)),
      (requests) => requests.some((request) => request.answered === 200),
      PATIENCE,
    );

  it('POSTs a signed alert when a task fails, retried with back-off while the receiver fails (visible in GET /alerts), never holding the task up', async () => {
    const taskId = await submit('alert_charge');
    await expect(harness.client.workflow.getHandle(taskId).result()).rejects.toThrow();
    const closedAt = (await harness.client.workflow.getHandle(taskId).describe()).closeTime!.getTime();

    // While the receiver fails, GET /alerts shows the delivery retrying, with why.
    const retrying = await until(
      () => harness.api.call<AlertView>('GET', '/alerts', { headers: as('root') }),
      (answer) => answer.body.alerts.some((alert) => alert.task_id === taskId && alert.state === 'delivering' && alert.last_error === 'the webhook answered 500'),
      PATIENCE,
    );
    expect(retrying.status).toBe(200);

    const requests = await deliveredFor('task_failed', (body) => body.task_id === taskId);
    expect(requests.map((request) => request.answered)).toEqual([500, 500, 200]);
    // Back-off: the retries come later each time.
    expect(requests[2]!.at - requests[1]!.at).toBeGreaterThan(requests[1]!.at - requests[0]!.at);
    // The task had ended before its alert was first sent: nothing waited for the receiver.
    expect(requests[0]!.at).toBeGreaterThanOrEqual(closedAt);
    const [first] = requests;
    expect(first!.body).toMatchObject({
      event: 'task_failed',
      alert_id: first!.alertId,
      task_id: taskId,
      task_name: 'alert_charge',
      failure: { type: 'ChargeDeclined', message: 'the card was declined' },
    });
    expect(new Set(requests.map((request) => request.raw)).size).toBe(1);
    const [, timestamp, digest] = /^t=(\d+),sha256=([0-9a-f]{64})$/.exec(first!.signature ?? '') ?? [];
    expect(digest).toBe(createHmac('sha256', SECRET).update(`${timestamp}.${first!.raw}`).digest('hex'));

    const delivered = await until(
      () => harness.api.call<AlertView>('GET', '/alerts', { headers: as('root') }),
      (answer) => answer.body.alerts.some((alert) => alert.task_id === taskId && alert.state === 'delivered'),
      PATIENCE,
    );
    expect(delivered.body.alerts.find((alert) => alert.task_id === taskId)).toMatchObject({ event: 'task_failed', state: 'delivered', attempts: FAILED_DELIVERIES + 1, last_error: null });
    expect((await harness.api.call('GET', '/alerts', { headers: as('alice') })).status).toBe(403);
    // One alert per failure: later checks find the same task again and start nothing.
    expect(received.filter((request) => request.body.task_id === taskId && request.event === 'task_failed').length).toBe(FAILED_DELIVERIES + 1);
    expect(worker.output()).toContain('alerts on');
    expect(worker.output()).not.toContain(URL_TOKEN);
  });

  it('alerts a task that timed out', async () => {
    const taskId = await submit('alert_slow');
    const requests = await deliveredFor('task_timed_out', (body) => body.task_id === taskId);
    expect(requests.at(-1)!.body).toMatchObject({ event: 'task_timed_out', task_name: 'alert_slow', failure: { type: 'TimeoutFailure' } });
  });

  it('alerts a task stuck for longer than CONVEYOR_ALERT_STUCK_AFTER, with what its workflow threw', async () => {
    const taskId = await submit('alert_stuck');
    const requests = await deliveredFor('task_stuck', (body) => body.task_id === taskId);
    expect(requests.at(-1)!.body).toMatchObject({ event: 'task_stuck', task_name: 'alert_stuck', failure: { type: 'Error', message: 'alerts fixture: a bug in workflow code' } });
    await harness.client.workflow.getHandle(taskId).terminate('alerts test done');
  });

  it("alerts a schedule's run that Temporal did not start (skipped: the previous run still runs)", async () => {
    const scheduleId = `alert-hold-${Date.now()}`;
    // Due every second, each run holding until released: from the second run on, Temporal skips them.
    const created = await harness.api.call('POST', '/schedules', { body: { task_name: 'alert_hold', schedule_id: scheduleId, cron: '@every 1s', overlap: 'skip' }, headers: as('root') });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    try {
      const requests = await deliveredFor('schedule_missed', (body) => body.schedule_id === scheduleId);
      expect(requests.at(-1)!.body).toMatchObject({ event: 'schedule_missed', task_name: 'alert_hold', missed: { catchup_window: 0, overlap: expect.any(Number) } });
      expect((requests.at(-1)!.body.missed as { overlap: number }).overlap).toBeGreaterThanOrEqual(1);
    } finally {
      await harness.client.schedule.getHandle(scheduleId).pause();
      const runs = (await harness.client.schedule.getHandle(scheduleId).describe()).info.recentActions;
      await Promise.all(runs.map((run) => harness.client.workflow.getHandle(run.action.workflow.workflowId).terminate('alerts test done').catch(() => undefined)));
      await harness.api.call('DELETE', `/schedules/${scheduleId}`, { headers: as('root') });
    }
  });
});
