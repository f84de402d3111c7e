import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, until, useApi, type ApiBody, type RunningApi, type SubmitAnswer } from '../helpers/api-harness';

interface Timeline {
  task_id: string;
  entries: { kind: string; name: string | null; attempt: number | null; detail: string | null; run_id: string; at: string }[];
  truncated: boolean;
}

const KEYS = { admin: 'history-admin-1', alice: 'history-alice-1', bob: 'history-bob-1' };
const as = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

/** GET /tasks/{id}/history (the dashboard's timeline) and GET /me (what the dashboard offers), over real HTTP. */
describe('Task API: a task\'s timeline, and the caller', () => {
  const harness = useApi({
    CONVEYOR_AUTH: 'keys',
    CONVEYOR_API_KEYS: `root:admin:${KEYS.admin},alice:submitter:${KEYS.alice},bob:submitter:${KEYS.bob}`,
    CONVEYOR_TEMPORAL_UI_URL: 'http://temporal-ui.example:8080/',
  });
  /** The same API with auth none and a Temporal UI port instead of its URL. */
  let open: RunningApi;

  const submit = async (body: Record<string, unknown>, key = KEYS.admin): Promise<string> => {
    const answer = await harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body, ...as(key) });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.task_id;
  };
  const timeline = (taskId: string, key = KEYS.admin) => harness.api.call<Timeline & ApiBody>('GET', `/tasks/${encodeURIComponent(taskId)}/history`, as(key));

  beforeAll(async () => {
    open = await startApi(harness.client, { CONVEYOR_TEMPORAL_UI_PORT: '18233' });
  });
  afterAll(async () => {
    await open?.close();
  });

  it('shows activities scheduled, retried with the failure they retried, failed, and the task failing', async () => {
    const taskId = await submit({ task_name: 'example_error_handling', parameters: { should_fail: true, retry_count: 1, fail_at_step: 1 } });
    const answer = await until(() => timeline(taskId), (a) => a.body.entries?.at(-1)?.kind === 'task_failed', { tries: 300 });
    expect(answer.status).toBe(200);
    const kinds = answer.body.entries.map((entry) => entry.kind);
    expect(kinds[0]).toBe('task_started');
    expect(kinds).toContain('activity_scheduled');
    const retried = answer.body.entries.find((entry) => entry.kind === 'activity_retried');
    expect(retried).toMatchObject({ attempt: 2 });
    expect(retried?.name).toBeTruthy();
    expect(retried?.detail).toContain('SimulatedStepFailure');
    expect(answer.body.entries.find((entry) => entry.kind === 'activity_failed')?.name).toBe(retried?.name);
    expect(answer.body.entries.at(-1)?.detail).toContain('StepFailed');
    // Workflow-task bookkeeping is left out; entries are in the order Temporal recorded them.
    const times = answer.body.entries.map((entry) => Date.parse(entry.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('shows a review accepted (the decision update), and answers only whoever may read the task', async () => {
    const taskId = await submit({ task_name: 'example_approval', parameters: { subject: 'timeline', timeout: 600 } }, KEYS.alice);
    await until(() => harness.api.call<ApiBody>('GET', `/tasks/${taskId}`, as(KEYS.alice)), (a) => (a.body.progress as { stage?: string } | null)?.stage === 'awaiting_review');
    // Someone other than its submitter reviews it (a submitter may not decide its own task).
    const sent = await harness.api.call('POST', `/tasks/${taskId}/review`, { body: { decision: 'reject' }, ...as(KEYS.admin) });
    expect(sent.status).toBe(200);
    const answer = await until(() => timeline(taskId, KEYS.alice), (a) => a.body.entries?.at(-1)?.kind === 'task_completed');
    expect(answer.body.entries.find((entry) => entry.kind === 'update_accepted')?.name).toBe('decision');
    // Another submitter's task is as unknown to bob as on every /tasks/{id} route; no credentials at all is a 401.
    expect((await timeline(taskId, KEYS.bob)).status).toBe(404);
    expect((await harness.api.call('GET', `/tasks/${taskId}/history`)).status).toBe(401);
    expect((await timeline('no-such-task-1234')).body.error?.code).toBe('task_not_found');
  });

  it('GET /me names the caller, its role and where the Web UI is; refuses wrong credentials; tells a caller without any nothing more', async () => {
    expect((await harness.api.call('GET', '/me', as(KEYS.alice))).body).toEqual({
      auth: 'keys',
      signed_in: true,
      name: 'alice',
      role: 'submitter',
      namespace: 'default',
      temporal_ui_url: 'http://temporal-ui.example:8080',
    });
    const anonymous = await harness.api.call('GET', '/me');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ auth: 'keys', signed_in: false, name: null, role: null, namespace: null, temporal_ui_url: null });
    const wrong = await harness.api.call('GET', '/me', { headers: { authorization: 'Bearer wrong' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.code).toBe('unauthorized');
    // Without auth everyone is the local admin; the embedded dev server's Web UI is the default link.
    expect((await open.call('GET', '/me')).body).toMatchObject({ auth: 'none', signed_in: true, name: 'anonymous', role: 'admin', temporal_ui_url: 'http://127.0.0.1:18233' });
  });
});
