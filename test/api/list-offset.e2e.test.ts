import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until, useApi, type ApiBody, type SubmitAnswer } from '../helpers/api-harness';
import { startWorkerProcess, uniqueQueue } from '../helpers/temporal';

interface Page {
  tasks: { task_id: string }[];
  total: number;
  limit: number;
  offset: number | null;
  has_more: boolean;
  next_cursor: string | null;
}

const TASKS = 7;

/**
 * GET /tasks paged by offset, as the previous system's admin page asks (`?limit=10&offset=0`),
 * over real HTTP against the run's dev server: seven finished tasks on a queue only this file uses.
 */
describe('Task API: offset paging', () => {
  const queue = uniqueQueue('api-offset');
  const harness = useApi();
  let worker: Awaited<ReturnType<typeof startWorkerProcess>>;
  /** The queue's task ids in the order cursor paging walks them. */
  let cursorOrder: string[];

  const list = async (query: string): Promise<Page> => {
    const answer = await harness.api.call<Page & ApiBody>('GET', `/tasks?queue=${queue}&${query}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };
  const ids = (page: Page) => page.tasks.map((t) => t.task_id);

  beforeAll(async () => {
    worker = await startWorkerProcess([queue]);
    for (let i = 0; i < TASKS; i++) {
      const answer = await harness.api.call<SubmitAnswer & ApiBody>('POST', '/tasks', { body: { task_name: 'example_long_running', parameters: { duration: 0 }, queue } });
      expect(answer.status).toBe(201);
    }
    // Finished tasks only: their order in visibility no longer changes.
    await until(
      () => list('status=completed'),
      (page) => page.total === TASKS,
      { tries: 150 },
    );
    cursorOrder = [];
    let cursor: string | null = null;
    do {
      const page: Page = await list(`limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      cursorOrder.push(...ids(page));
      cursor = page.next_cursor;
    } while (cursor && cursorOrder.length <= TASKS);
    expect(cursorOrder).toHaveLength(TASKS);
  }, 120_000);

  afterAll(async () => {
    worker?.kill('SIGTERM');
    await worker?.exited();
  });

  it('?limit=3&offset=0, 3, 6: disjoint pages covering every task in the order cursor pages have, with total, limit, offset and has_more', async () => {
    const pages = [await list('limit=3&offset=0'), await list('limit=3&offset=3'), await list('limit=3&offset=6')];

    expect(pages.map(ids)).toEqual([cursorOrder.slice(0, 3), cursorOrder.slice(3, 6), cursorOrder.slice(6)]);
    expect(new Set(pages.flatMap(ids)).size).toBe(TASKS);
    expect(pages.map((p) => [p.total, p.limit, p.offset, p.has_more])).toEqual([
      [TASKS, 3, 0, true],
      [TASKS, 3, 3, true],
      [TASKS, 3, 6, false],
    ]);
    expect(pages[2]!.next_cursor).toBeNull();
  });

  it('a full last page says has_more false, and a page past the end is empty with the real total', async () => {
    const last = await list(`limit=3&offset=${TASKS - 3}`);
    expect(ids(last)).toEqual(cursorOrder.slice(TASKS - 3));
    expect(last).toMatchObject({ has_more: false, next_cursor: null, total: TASKS });

    const beyond = await list(`limit=3&offset=${TASKS + 5}`);
    expect(beyond).toEqual({ tasks: [], total: TASKS, limit: 3, offset: TASKS + 5, has_more: false, next_cursor: null });
  });

  it("an offset page's next_cursor reads the page after it, and a cursor page answers offset null", async () => {
    const first = await list('limit=3&offset=2');
    expect(first.next_cursor).toBeTruthy();

    const next = await list(`limit=3&cursor=${encodeURIComponent(first.next_cursor!)}`);
    expect(ids(next)).toEqual(cursorOrder.slice(5, 8));
    expect(next).toMatchObject({ offset: null, limit: 3, total: TASKS });
  });

  it.each([
    [1, 1000],
    [5, 999],
  ])('offset %i with limit %i reads the rows before the page in chunks that end where the page ends, and skips exactly them', async (offset, limit) => {
    const page = await list(`limit=${limit}&offset=${offset}`);

    expect(ids(page)).toEqual(cursorOrder.slice(offset));
    expect(page).toMatchObject({ total: TASKS, limit, offset, has_more: false });
  });

  it('without offset or cursor, the first page answers offset 0', async () => {
    const page = await list('limit=4');
    expect(ids(page)).toEqual(cursorOrder.slice(0, 4));
    expect(page).toMatchObject({ offset: 0, limit: 4, has_more: true });
  });

  it('refuses offset and cursor together, an offset beyond 10000 and a limit over 1000, naming each', async () => {
    const { next_cursor: cursor } = await list('limit=1');
    const both = await harness.api.call('GET', `/tasks?queue=${queue}&limit=10&offset=0&cursor=${encodeURIComponent(cursor!)}`);
    expect(both.status).toBe(400);
    expect(both.body.error?.message).toMatch(/offset.*cursor/);

    const deep = await harness.api.call('GET', `/tasks?queue=${queue}&limit=10&offset=10001`);
    expect(deep.status).toBe(400);
    expect(deep.body.error?.message).toContain('querystring.offset');
    expect(deep.body.error?.message).toContain('10000');
    expect(deep.body.error?.message).toContain('cursor');
    expect((await harness.api.call('GET', `/tasks?queue=${queue}&limit=10&offset=10000`)).status).toBe(200);

    const wide = await harness.api.call('GET', `/tasks?queue=${queue}&limit=1001`);
    expect(wide.status).toBe(400);
    expect(wide.body.error?.message).toContain('querystring.limit');
  });
});
