import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScheduleDetail, SchedulePage, TaskPage } from '../../src/client/answers';
import { until, useApi } from '../helpers/api-harness';
import { runCliLine, type CliResult } from '../helpers/cli';
import { sharedServerEnv } from '../helpers/temporal';

const ALICE_KEY = `alice-${randomUUID()}`;

/**
 * `conveyor schedule …` typed exactly as the issue writes it, run by a shell, through the Task
 * API (CONVEYOR_API_URL) with a submitter's key: its ids are the ones it chose.
 */
describe('conveyor schedule (through the Task API)', () => {
  const harness = useApi({ ...sharedServerEnv(), CONVEYOR_AUTH: 'keys', CONVEYOR_API_KEYS: `alice:submitter:${ALICE_KEY}` });
  const id = `report-${randomUUID().slice(0, 8)}`;
  const full = `alice:${id}`;

  const conveyor = (line: string): Promise<CliResult> =>
    runCliLine(line, { ...sharedServerEnv(), CONVEYOR_API_URL: harness.api.base, CONVEYOR_API_KEY: ALICE_KEY });
  /** The API itself, as alice: to wait for what is eventually consistent without a CLI process per try. */
  const alice = async <T>(path: string): Promise<T> => (await harness.api.call<T>('GET', path, { headers: { authorization: `Bearer ${ALICE_KEY}` } })).body;
  const json = <T>(result: CliResult): T => {
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as T;
  };

  afterAll(async () => {
    await harness.client.schedule.getHandle(full).delete().catch(() => undefined);
  });

  it('create, list, trigger, pause, resume and delete, as typed', async () => {
    const created = await conveyor(
      `conveyor schedule create example_data_processing --id ${id} --cron '0 3 * * *' --params '{"data_size": 20, "chunk_size": 10, "operation": "sum"}' --overlap buffer_one`,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`created schedule ${full}`);
    expect(created.stdout).toMatch(/task\s+example_data_processing on computor-tasks/);
    expect(created.stdout).toMatch(/cron\s+0 3 \* \* \*/);
    expect(created.stdout).toMatch(/overlap\s+buffer_one/);
    expect(created.stdout).toMatch(/next runs\s+\d{4}-\d\d-\d\d \d\d:00:00, /);

    // Temporal's list of schedules is eventually consistent: wait over HTTP, then list as typed.
    await until(() => alice<SchedulePage>('/schedules'), (page) => page.schedules.some((row) => row.schedule_id === full), { tries: 100, intervalMs: 200 });
    const listed = await conveyor('conveyor schedule list');
    const [header, ...rows] = listed.stdout.trim().split('\n');
    expect(header?.split(/\s{2,}/)).toEqual(['ID', 'TASK', 'CRON', 'STATE', 'NEXT RUN', 'LAST RUN']);
    expect(rows.find((row) => row.startsWith(full))).toMatch(/example_data_processing\s+0 3 \* \* \*\s+active\s+\d{4}-\d\d-\d\d \d\d:00:00\s+-$/);

    const triggered = await conveyor(`conveyor schedule trigger ${id}`);
    expect(triggered.code, triggered.stderr).toBe(0);
    expect(triggered.stdout).toContain(`triggered ${full}`);

    const paused = await conveyor(`conveyor schedule pause ${id}`);
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stdout.trim()).toBe(`paused ${full}`);
    expect((await alice<ScheduleDetail>(`/schedules/${id}`)).paused).toBe(true);
    const resumed = await conveyor(`conveyor schedule resume ${id}`);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`resumed ${full}; next run `);

    // The triggered run is an ordinary task: `tasks list --schedule-id` finds it, and `schedule get` lists it.
    const described = await until(() => alice<ScheduleDetail>(`/schedules/${id}`), (schedule) => schedule.recent_runs[0]?.status === 'completed', { tries: 150, intervalMs: 200 });
    const run = described.recent_runs[0]!.task_id;
    await until(() => alice<TaskPage>(`/tasks?schedule_id=${id}`), (page) => page.tasks.some((row) => row.task_id === run), { tries: 100, intervalMs: 200 });
    const runs = json<TaskPage>(await conveyor(`conveyor tasks list --schedule-id ${id} --json`));
    expect(runs.tasks).toEqual([
      expect.objectContaining({ task_id: run, task_name: 'example_data_processing', queue: 'computor-tasks', schedule_id: full, status: 'completed', submitter: 'alice' }),
    ]);
    const shown = await conveyor(`conveyor schedule get ${id}`);
    expect(shown.stdout).toMatch(/state\s+active/);
    expect(shown.stdout).toMatch(new RegExp(`RECENT RUN\\s+STATUS\\s+STARTED\\n${run.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+completed`));

    const deleted = await conveyor(`conveyor schedule delete ${id}`);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout.trim()).toBe(`deleted ${full}`);
    const gone = await conveyor(`conveyor schedule get ${id}`);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('schedule_not_found');
    // Nine CLI processes, each a few seconds on a loaded 2-core machine.
  }, 300_000);

  it.each([
    ['malformed --params', `conveyor schedule create noop --id {id} --cron '0 3 * * *' --params '{bad'`, /--params is not valid JSON/],
    ['an overlap it does not offer', `conveyor schedule create noop --id {id} --cron '0 3 * * *' --overlap sometimes`, /sometimes.*skip, buffer_one, allow_all/],
    ['no --cron', `conveyor schedule create noop --id {id}`, /--cron/],
    ['a cron expression Temporal cannot read', `conveyor schedule create noop --id {id} --cron '61 * * * *'`, /Minute is not in range.*400 invalid_cron/],
    ['an unknown schedule', `conveyor schedule pause no-such-schedule-${randomUUID().slice(0, 8)}`, /404 schedule_not_found/],
  ])('%s: an error on stderr naming the problem, exit 2, no schedule created', async (_name, line, message) => {
    const badId = `refused-${randomUUID().slice(0, 8)}`;
    const result = await conveyor(line.replace('{id}', badId));
    expect(result.code, result.stdout).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')[0]).toMatch(/^error: /);
    expect(result.stdout).toBe('');
    await expect(harness.client.schedule.getHandle(`alice:${badId}`).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });
});
