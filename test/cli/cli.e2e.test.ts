import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { startApi, useApi } from '../helpers/api-harness';
import { examplesProject } from '../helpers/examples';
import { ROOT, runCli } from '../helpers/cli';
import { connectClient } from '../../src/temporal/connect';
import { sharedServerEnv } from '../helpers/temporal';

describe('conveyor CLI', () => {
  const harness = useApi();
  const cli = (args: string[]) => runCli(args, { ...sharedServerEnv(), CONVEYOR_API_URL: harness.api.base });

  /** True when Temporal has no workflow with this id: the command started nothing. */
  async function nothingStarted(taskId: string): Promise<boolean> {
    const error = await harness.client.workflow.getHandle(taskId).describe().catch((e: unknown) => e);
    return error instanceof WorkflowNotFoundError;
  }

  it('submit --wait shows progress, prints the result and exits 0', async () => {
    const { code, stdout, stderr } = await cli(['submit', 'example_long_running', '--params', '{"duration": 2, "message": "Hello Temporal!"}', '--wait']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ message: 'Hello Temporal!', requested_duration: 2 });
    expect(stderr).toMatch(/running\s+\d+%\s+working/);
  });

  it('submit --wait --json exits 1 with the typed failure when the task fails', async () => {
    const { code, stdout } = await cli([
      'submit', 'example_error_handling', '--params', '{"should_fail": true, "retry_count": 0, "fail_at_step": 1}', '--wait', '--json',
    ]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'failed', failure: { type: 'StepFailed' } });
  });

  it('submit honours --id and --queue and returns at once without --wait', async () => {
    const id = `cli-${randomUUID()}`;
    const { code, stdout } = await cli(['submit', 'example_data_processing', '--params', '{"data_size": 10}', '--id', id, '--queue', 'computor-high-priority', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ task_id: id, queue: 'computor-high-priority' });
    const description = await harness.client.workflow.getHandle(id).describe();
    expect(description.taskQueue).toBe('computor-high-priority');
    expect(description.searchAttributes).toMatchObject({ ConveyorTaskName: ['example_data_processing'] });
    expect(await harness.client.workflow.getHandle(id).result()).toMatchObject({ final_result: 55 });
  });

  it('malformed JSON is one clear line, exit code 2, nothing started', async () => {
    const id = `cli-${randomUUID()}`;
    const { code, stderr } = await cli(['submit', 'example_long_running', '--params', '{"duration": ', '--id', id]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('--params is not valid JSON');
    expect(await nothingStarted(id)).toBe(true);
  });

  it('parameters failing the schema name the field and the problem, exit code 2, nothing started', async () => {
    const id = `cli-${randomUUID()}`;
    const { code, stderr } = await cli(['submit', 'example_long_running', '--params', '{"duration": "long"}', '--id', id]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/duration: .*expected number/);
    expect(await nothingStarted(id)).toBe(true);
  });

  it('an unknown task lists the known types and exits 2', async () => {
    const { code, stderr } = await cli(['submit', 'no_such_task']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown task "no_such_task"');
    expect(stderr).toContain('example_long_running');
  });

  it('an unknown option exits 2', async () => {
    const { code } = await cli(['submit', 'example_long_running', '--frobnicate']);
    expect(code).toBe(2);
  });

  it('types lists every task type with queue, description and parameter schema', async () => {
    const { code, stdout } = await cli(['types', '--json']);
    expect(code).toBe(0);
    const types = JSON.parse(stdout) as { name: string; queue: string; description: string; parameters: { properties: object } }[];
    expect(types.map((t) => t.name).sort()).toEqual((await examplesProject()).registry.list().map((t) => t.name).sort());
    const longRunning = types.find((t) => t.name === 'example_long_running');
    expect(longRunning).toMatchObject({ queue: 'computor-long-running' });
    expect(Object.keys(longRunning?.parameters.properties ?? {})).toEqual(['duration', 'message']);
  });

  it("types shows a task's review step with its decision fields, and its queries", async () => {
    const { code, stdout } = await cli(['types']);
    expect(code).toBe(0);
    const approval = stdout.slice(stdout.indexOf('example_approval'));
    expect(approval).toMatch(/review \(conveyor review <id>, POST \/tasks\/\{id\}\/review\):\n\s+approved: boolean \(required\)[^\n]*\n\s+reviewer: string \(required\)[^\n]*\n\s+on_behalf_of: string \(optional\)[^\n]*\n\s+comment: string \(optional\)/);
    expect(approval).toContain('queries: progress, decision');
    expect(stdout.slice(stdout.indexOf('noop'))).toContain('queries: progress\n');
  });

  it('worker status shows the real pollers of every queue, through the Task API', async () => {
    const { code, stdout } = await cli(['worker', 'status', '--json']);
    expect(code).toBe(0);
    const queues = JSON.parse(stdout) as { queue: string; pollers: { identity: string; last_access_time: string; kinds: string[] }[] }[];
    expect(queues.map((q) => q.queue)).toEqual(['computor-tasks', 'computor-high-priority', 'computor-long-running']);
    for (const { pollers } of queues) {
      expect(pollers.length).toBeGreaterThan(0);
      expect(pollers[0]?.identity).toMatch(/^\d+@/);
      expect(Date.parse(pollers[0]?.last_access_time ?? '')).toBeGreaterThan(Date.now() - 5 * 60_000);
    }
    const empty = await cli(['worker', 'status', '--queues', `nobody-${randomUUID()}`, '--json']);
    expect(JSON.parse(empty.stdout)).toEqual([expect.objectContaining({ pollers: [] })]);
  });

  describe('an unreachable part names the setting to change', () => {
    it('a worker that cannot reach Temporal: TEMPORAL_ADDRESS, exit 1', async () => {
      const { code, stderr } = await runCli(['worker', 'start'], { ...sharedServerEnv(), TEMPORAL_ADDRESS: '127.0.0.1:9' });
      expect(code).toBe(1);
      expect(stderr).toMatch(/^error: cannot reach Temporal at 127\.0\.0\.1:9 \(.*\); is `npm start` running, or is TEMPORAL_ADDRESS .*right\?\n$/);
    });

    it("an API that cannot reach Temporal: the API's TEMPORAL_ADDRESS, exit 1", async () => {
      const deadTemporal = await connectClient({ address: '127.0.0.1:9', namespace: 'default', connectionOptions: { address: '127.0.0.1:9' } }, { lazy: true, failFast: true });
      const lonelyApi = await startApi(deadTemporal);
      try {
        const { code, stderr } = await runCli(['tasks', 'list'], { CONVEYOR_API_URL: lonelyApi.base });
        expect(code).toBe(1);
        expect(stderr).toContain("(503 temporal_unavailable); the API is up but cannot reach Temporal: check the API's TEMPORAL_ADDRESS");
      } finally {
        await lonelyApi.close();
        await deadTemporal.connection.close();
      }
    });

    it('an API that is not there: CONVEYOR_API_URL, exit 1', async () => {
      const { code, stderr } = await runCli(['worker', 'status'], { CONVEYOR_API_URL: 'http://127.0.0.1:9' });
      expect(code).toBe(1);
      expect(stderr).toMatch(/^error: cannot reach the Conveyor API at http:\/\/127\.0\.0\.1:9 .*CONVEYOR_API_URL right\?\n$/);
    });
  });

  describe("the application's config", () => {
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'conveyor-no-config-'));
    afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

    it.each([['worker', 'start'], ['worker', 'bundle', '--out', 'b.js'], ['api'], ['dev']])(
      '`conveyor %s` without a config says so in one line and exits 2, starting nothing',
      async (...args) => {
        const { code, stdout, stderr } = await runCli(args, { ...sharedServerEnv(), CONVEYOR_CONFIG: '' }, { cwd: elsewhere });
        expect(code).toBe(2);
        expect(stdout).toBe('');
        expect(stderr).toBe(
          `error: no conveyor.config.ts (or .js, .mjs) in ${elsewhere}: run Conveyor in your application's folder, pass --config <file>, or set CONVEYOR_CONFIG\n`,
        );
      },
    );

    it('with no config at hand, submit, types and worker status go through the Task API (CONVEYOR_API_URL)', async () => {
      const env = { ...sharedServerEnv(), CONVEYOR_CONFIG: '', CONVEYOR_API_URL: harness.api.base };
      const types = await runCli(['types', '--json'], env, { cwd: elsewhere });
      expect(types.code, types.stderr).toBe(0);
      const { registry } = await examplesProject();
      expect((JSON.parse(types.stdout) as { name: string }[]).map((t) => t.name)).toEqual(registry.list().map((task) => task.name));
      const submitted = await runCli(['submit', 'noop', '--wait', '--json'], env, { cwd: elsewhere });
      expect(submitted.code, submitted.stderr).toBe(0);
      expect(JSON.parse(submitted.stdout)).toMatchObject({ task_name: 'noop', status: 'completed' });
      const workers = await runCli(['worker', 'status', '--queues', 'computor-tasks', '--json'], env, { cwd: elsewhere });
      expect(workers.code, workers.stderr).toBe(0);
      expect(JSON.parse(workers.stdout)).toEqual([expect.objectContaining({ queue: 'computor-tasks', pollers: expect.arrayContaining([expect.objectContaining({ kinds: ['workflow', 'activity'] })]) })]);
    });

    it('a named config that is missing is exit 2 even where the API could answer', async () => {
      const { code, stderr } = await runCli(['types', '--config', 'missing.config.ts'], { CONVEYOR_API_URL: harness.api.base }, { cwd: elsewhere });
      expect(code).toBe(2);
      expect(stderr).toMatch(/^error: --config is missing\.config\.ts, which is not a file/);
    });

    it('a config that does not load, or is not a config, is one line and exit 2', async () => {
      writeFileSync(path.join(elsewhere, 'broken.config.ts'), 'export default {{;\n');
      writeFileSync(path.join(elsewhere, 'wrong.config.ts'), "export default { tasks: 'all of them' };\n");
      const broken = await runCli(['types', '--config', 'broken.config.ts'], {}, { cwd: elsewhere });
      expect(broken.code).toBe(2);
      expect(broken.stderr).toMatch(/^error: cannot load broken\.config\.ts: [^\n]+\n$/);
      const wrong = await runCli(['types'], { CONVEYOR_CONFIG: 'wrong.config.ts' }, { cwd: elsewhere });
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(/^error: wrong\.config\.ts: invalid config: tasks: [^\n]+\n$/);
    });

    it('--config names the config from anywhere; the tasks commands, which only talk to the API, need none', async () => {
      // From a folder with no config of its own (this repository's test/), the examples' config by relative path.
      const types = await runCli(['types', '--json', '--config', '../examples/conveyor.config.ts'], {}, { cwd: path.join(ROOT, 'test') });
      expect(types.code, types.stderr).toBe(0);
      expect((JSON.parse(types.stdout) as { name: string }[]).map((t) => t.name)).toContain('example_approval');
      const list = await runCli(['tasks', 'list'], { CONVEYOR_API_URL: 'http://127.0.0.1:9' }, { cwd: elsewhere });
      expect(list.stderr).toMatch(/^error: cannot reach the Conveyor API at http:\/\/127\.0\.0\.1:9 /);
      expect(list.code).toBe(1);
    });
  });
});
