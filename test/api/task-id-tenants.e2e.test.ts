import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { useApi, type ApiAnswer, type ApiBody, type SubmitAnswer, type TaskAnswer } from '../helpers/api-harness';
import { sharedServerEnv, uniqueQueue } from '../helpers/temporal';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** Submitter names of this file's own; `sub` and `sub2` are the two tenants. */
const NAMES = { root: `tenants-root-${hex(3)}`, sub: `tenants-sub-${hex(3)}`, sub2: `tenants-sub2-${hex(3)}` };
const KEYS = { root: `root-${randomUUID()}`, sub: `sub-${randomUUID()}`, sub2: `sub2-${randomUUID()}` };
type Who = keyof typeof KEYS;

/**
 * Ids a client chooses (`workflow_id`, `Idempotency-Key`) belong to their submitter: another
 * submitter sending the same id gets what an unused id gets, its own task, and can never take an
 * id ahead of the submitter who will need it. Admins choose ids in the one global space.
 */
describe('ids chosen by clients, between tenants', () => {
  const harness = useApi({
    ...sharedServerEnv(),
    CONVEYOR_AUTH: 'keys',
    CONVEYOR_API_KEYS: `${NAMES.root}:admin:${KEYS.root},${NAMES.sub}:submitter:${KEYS.sub},${NAMES.sub2}:submitter:${KEYS.sub2}`,
  });
  /** No worker serves it: tasks there stay queued, and nothing but these tests changes them. */
  const idleQueue = uniqueQueue('tenants');
  const created: string[] = [];

  const as = (who: Who): Record<string, string> => ({ authorization: `Bearer ${KEYS[who]}` });
  const body = (extra: Record<string, unknown> = {}) => ({ task_name: 'example_long_running', parameters: { duration: 30, message: 'tenants' }, queue: idleQueue, ...extra });

  async function submit(who: Who, sent: Record<string, unknown>, headers: Record<string, string> = {}): Promise<ApiAnswer<SubmitAnswer & ApiBody>> {
    const answer = await harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body: sent, headers: { ...as(who), ...headers } });
    if (answer.status === 201) created.push(answer.body.task_id);
    return answer;
  }
  const get = (id: string, who: Who) => harness.api.call<TaskAnswer>('GET', `/tasks/${encodeURIComponent(id)}`, { headers: as(who) });

  afterAll(async () => {
    await Promise.allSettled(created.map((id) => harness.client.workflow.getHandle(id).terminate('task-id-tenants test cleanup')));
  });

  it("sub2 sending sub's workflow_id gets 201 and a task of its own, as for an id nobody used; each finds its own by that id", async () => {
    const workflowId = `report-${hex(4)}`;
    const bySub = await submit('sub', body({ workflow_id: workflowId }));
    expect(bySub.status, JSON.stringify(bySub.body)).toBe(201);

    // The same body, then a different one: neither is 200 (sub's task) nor 409 (it exists).
    const bySub2 = await submit('sub2', body({ workflow_id: workflowId }));
    const unused = await submit('sub2', body({ workflow_id: `report-${hex(4)}` }));
    const bySub2Other = await submit('sub2', body({ workflow_id: workflowId, parameters: { duration: 5 } }));
    expect(bySub2.status, JSON.stringify(bySub2.body)).toBe(201);
    expect(unused.status).toBe(201);
    expect(Object.keys(bySub2.body).sort()).toEqual(Object.keys(unused.body).sort());
    expect(bySub2.body.submitter).toBe(NAMES.sub2);
    expect(bySub2.body.task_id).not.toBe(bySub.body.task_id);
    // A second submit of sub2's own id with another body is sub2's own conflict, naming sub2's task only.
    expect(bySub2Other.status).toBe(409);
    expect(bySub2Other.body.error?.code).toBe('idempotency_conflict');
    expect(bySub2Other.body.error?.message).not.toContain(NAMES.sub);

    // The task id is the chosen id within the submitter's scope; Temporal sees the same id.
    expect(bySub.body.task_id).toBe(`${NAMES.sub}:${workflowId}`);
    expect(bySub2.body.task_id).toBe(`${NAMES.sub2}:${workflowId}`);
    expect((await harness.client.workflow.getHandle(bySub2.body.task_id).describe()).workflowId).toBe(bySub2.body.task_id);

    // Each submitter's GET by the id it chose answers at once, with its own task.
    const subGets = await get(workflowId, 'sub');
    const sub2Gets = await get(workflowId, 'sub2');
    expect(subGets.status).toBe(200);
    expect(subGets.body).toMatchObject({ task_id: bySub.body.task_id, submitter: NAMES.sub });
    expect(sub2Gets.status).toBe(200);
    expect(sub2Gets.body).toMatchObject({ task_id: bySub2.body.task_id, submitter: NAMES.sub2 });
    // The full id works too, and the other tenant's full id stays unknown.
    expect((await get(bySub.body.task_id, 'sub')).status).toBe(200);
    expect((await get(bySub.body.task_id, 'sub2')).status).toBe(404);
    // The Location header leads back to the task.
    expect(bySub2.headers.get('location')).toBe(`/tasks/${encodeURIComponent(bySub2.body.task_id)}`);
  });

  it('sub2 pre-squatting an id never blocks sub: sub then gets its own task with that id, and its repeats are idempotent', async () => {
    const workflowId = `nightly-${hex(4)}`;
    const squat = await submit('sub2', body({ workflow_id: workflowId }));
    expect(squat.status).toBe(201);

    const first = await submit('sub', body({ workflow_id: workflowId }));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ task_id: `${NAMES.sub}:${workflowId}`, submitter: NAMES.sub, status: 'queued' });
    const again = await submit('sub', body({ workflow_id: workflowId }));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ task_id: first.body.task_id, run_id: first.body.run_id });
    const conflicting = await submit('sub', body({ workflow_id: workflowId, parameters: { duration: 7 } }));
    expect(conflicting.status).toBe(409);
    expect(conflicting.body.error?.code).toBe('idempotency_conflict');

    expect((await get(workflowId, 'sub')).body).toMatchObject({ task_id: first.body.task_id, submitter: NAMES.sub });
    expect((await get(workflowId, 'sub2')).body).toMatchObject({ task_id: squat.body.task_id, submitter: NAMES.sub2 });
  });

  it("the id a submitter chose reaches its own task on /result and /cancel, never the other tenant's", async () => {
    const workflowId = `shared-${hex(4)}`;
    const bySub = await submit('sub', body({ workflow_id: workflowId }));
    const bySub2 = await submit('sub2', body({ workflow_id: workflowId }));
    expect([bySub.status, bySub2.status]).toEqual([201, 201]);

    const result = await harness.api.call('GET', `/tasks/${workflowId}/result`, { headers: as('sub2') });
    expect(result.status).toBe(202);
    expect(result.body).toEqual({ task_id: bySub2.body.task_id, status: 'queued' });
    const cancelled = await harness.api.call('POST', `/tasks/${workflowId}/cancel?mode=terminate`, { headers: as('sub2') });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ task_id: bySub2.body.task_id, action: 'terminated' });
    expect((await harness.client.workflow.getHandle(bySub2.body.task_id).describe()).status.name).toBe('TERMINATED');
    expect((await harness.client.workflow.getHandle(bySub.body.task_id).describe()).status.name).toBe('RUNNING');
  });

  it('an Idempotency-Key another submitter used gets a task of its own (201), and its repeats that task (200)', async () => {
    const key = { 'idempotency-key': `key-${hex(4)}` };
    const bySub = await submit('sub', body(), key);
    const bySub2 = await submit('sub2', body(), key);
    const bySub2Again = await submit('sub2', body(), key);
    expect(bySub.status).toBe(201);
    expect(bySub2.status, JSON.stringify(bySub2.body)).toBe(201);
    expect(bySub2.body.task_id).not.toBe(bySub.body.task_id);
    expect(bySub2.body.submitter).toBe(NAMES.sub2);
    expect(bySub2Again.status).toBe(200);
    expect(bySub2Again.body.task_id).toBe(bySub2.body.task_id);
  });

  it("an admin's workflow_id is the task id itself, and an admin reads any tenant's task by its full id", async () => {
    const workflowId = `global-${hex(4)}`;
    const byRoot = await submit('root', body({ workflow_id: workflowId }));
    expect(byRoot.status).toBe(201);
    expect(byRoot.body.task_id).toBe(workflowId);
    expect((await get(workflowId, 'root')).body).toMatchObject({ task_id: workflowId, submitter: NAMES.root });

    // A submitter choosing the same id gets its own task, not the admin's.
    const bySub = await submit('sub', body({ workflow_id: workflowId }));
    expect(bySub.status).toBe(201);
    expect((await get(bySub.body.task_id, 'root')).body).toMatchObject({ task_id: `${NAMES.sub}:${workflowId}`, submitter: NAMES.sub });
  });
});
