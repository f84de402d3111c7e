/**
 * Records one history per example scenario into test/replay/histories/, for the replay test.
 * Run against a running stack (`npm start`, or TEMPORAL_ADDRESS):
 *   npm run record-histories                  (every scenario)
 *   npm run record-histories -- noop.json     (only the named files)
 * Re-record when a workflow changes on purpose, and keep the old files if running tasks
 * may still replay them (that is what the test guards).
 * web-page-review.json fetches an article the recorder serves on 127.0.0.1:8931: start the stack
 * with CONVEYOR_FETCH_ALLOW_HOSTS=127.0.0.1:8931 (the offline LLM provider needs nothing else).
 * alert-delivery.json (and alerts.json) need the stack's worker to send alerts to the recorder:
 * CONVEYOR_ALERT_WEBHOOK_URL=http://127.0.0.1:18932/alerts CONVEYOR_ALERT_CHECK_INTERVAL=1s.
 * The extract_links scenarios crawl a loopback fixture site this script serves on
 * 127.0.0.1:$RECORD_FIXTURE_PORT (18930 by default): run the stack with
 * CONVEYOR_FETCH_ALLOW_HOSTS=127.0.0.1:18930 so its worker may fetch from it.
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { loadSettings } from '../../src/config';
import { decisionUpdate, type Decision } from '../../src/contract/decision';
import { QUEUE_ATTRIBUTE, SUBMITTER_ATTRIBUTE, TASK_NAME_ATTRIBUTE } from '../../src/contract/search-attributes';
import type { TaskStartSpec } from '../../src/contract/task-start-spec';
import { progressQuery } from '../../src/contract/progress';
import { loadProject } from '../../src/project/load-project';
import type { TaskRegistry } from '../../src/tasks/registry';
import { connectClient } from '../../src/temporal/connect';
import { startTask, validateTaskRequest } from '../../src/temporal/tasks/start-task';
import { debounceTask, debounceWindowId } from '../../src/temporal/tasks/debounce-task';
import { semaphoreWorkflowId } from '../../src/builtin/semaphore-id';
import { ALERTS_WORKFLOW_ID } from '../../src/contract/alerts';
import { countBatch, startBatch } from '../../src/temporal/tasks/batch-tasks';
import { CONCURRENCY_MEMO } from '../../src/contract/flow-control';
import { createTaskSchedule } from '../../src/temporal/schedules/task-schedule';
import { temporalTarget } from '../../src/temporal/target';
import { startFixtureSite, type FixtureSite } from '../../examples/lib/web-fetch/testing/fixture-site';
import { startArticleSite } from '../helpers/article-site';

/** Where the recorder serves the article web_page_review fetches (the worker must allow it). */
const RECORDER_PAGE_PORT = 8931;

interface Scenario {
  file: string;
  taskName: string;
  params: unknown;
  /** Sent once the workflow runs (it answers the progress query). */
  signal?: { name: string; payload: unknown };
  /** A reviewer's decision (the `decision` update), sent once the workflow runs, as POST /tasks/{id}/review would. */
  decision?: Decision;
  /** Started through Temporal directly (workflow type = task name, no search attributes), as another SDK would. */
  direct?: boolean;
  /**
   * A task that continues as new: every run of its chain is recorded, the first run as
   * `<file minus .json>-run1.json`, the next as `-run2.json`, and so on (the one history the
   * CLI shows by task id is only the latest run's).
   */
  chain?: boolean;
  /** Started by a Temporal Schedule Conveyor created (its run carries TemporalScheduledById), triggered once. */
  scheduled?: boolean;
  /** Child workflows whose histories are recorded too (file -> child id, from the task id), once each has ended. */
  children?: Record<string, (taskId: string) => string>;
  /**
   * Record the task under its file name as its id: the replay test replays each history under that
   * id, and a workflow that derives ids from its own (its children's) must see the same one.
   */
  idIsFile?: boolean;
  /** The signal or decision waits until the task's progress reaches this stage. */
  signalAtStage?: string;
  /** The task fetches the recorder's loopback article. */
  fetchesPage?: boolean;
  /**
   * Submitted twice with one key and a per-key limit of 1 (the memo start-task writes for a type
   * with `concurrency`): the first task's history is recorded as `<file minus .json>-holder.json`,
   * the second's (it waits for the slot) as `-waiter.json`, and the key's semaphore's as `file`.
   */
  perKey?: boolean;
  /** Submitted debounced, once per entry of this list (one window): the debounce workflow's history is recorded, not the task's. */
  debounced?: unknown[];
  /** The task fails; a bulk re-run job (POST /tasks/batch, action rerun) re-runs it: the job's history is recorded. */
  bulkRerun?: boolean;
  /**
   * The task fails; its alert's delivery (to the recorder's receiver) is recorded as `file`, and
   * the namespace's alerter as `alerts.json`. The stack's worker must send alerts to the recorder:
   * CONVEYOR_ALERT_WEBHOOK_URL=http://127.0.0.1:18932/alerts CONVEYOR_ALERT_CHECK_INTERVAL=1s.
   */
  alerted?: boolean;
}

/** Where the recorder receives alerts (the stack's worker sends them here: CONVEYOR_ALERT_WEBHOOK_URL). */
const ALERT_RECEIVER_PORT = Number(process.env.RECORD_ALERT_PORT ?? 18932);

/** Where the extract_links scenarios' fixture site listens (the stack's worker must allow it). */
const FIXTURE_PORT = Number(process.env.RECORD_FIXTURE_PORT ?? 18930);
const FIXTURE_ARCHIVE = `http://127.0.0.1:${FIXTURE_PORT}/archive/{tag}`;
const archiveMonth = (links: string[]) => `<html><body><nav><a href="/">Home</a></nav><main>${links.map((l) => `<a href="${l}">story</a>`).join('')}</main></body></html>`;
/** Three months with links repeated across them, and a month page that redirects to the cloud metadata address. */
const FIXTURE_ARCHIVE_PAGES = {
  'recorded/2024/03': archiveMonth(['/story-1', '/story-2?source=tag_archive']),
  'recorded/2024/02': archiveMonth(['/story-2', '/story-3']),
  'recorded/2024/01': archiveMonth(['/story-1', '/story-4']),
  'refused/2024/01': { redirect: 'http://169.254.169.254/latest/meta-data/' },
};

const SCENARIOS: Scenario[] = [
  { file: 'long-running.json', taskName: 'example_long_running', params: { duration: 3, message: 'recorded' } },
  { file: 'data-processing.json', taskName: 'example_data_processing', params: { data_size: 50, chunk_size: 5, operation: 'avg' } },
  { file: 'error-handling-success.json', taskName: 'example_error_handling', params: { should_fail: false } },
  { file: 'error-handling-failure.json', taskName: 'example_error_handling', params: { should_fail: true, retry_count: 1, fail_at_step: 2 } },
  // Recorded since failed tasks record their failure type (a patch marker and a search attribute as the task fails).
  { file: 'error-handling-failure-typed.json', taskName: 'example_error_handling', params: { should_fail: true, retry_count: 0, fail_at_step: 3 } },
  { file: 'noop.json', taskName: 'noop', params: {} },
  {
    // approval-reviewer-signal.json and web-page-review-signal.json hold the decision as a signal, as tasks
    // started before the decision became an update took it: kept, never re-recorded (today's code ignores that signal).
    file: 'approval-reviewer.json',
    taskName: 'example_approval',
    params: { subject: 'recorded', timeout: 600 },
    decision: { approved: true, reviewer: 'recorder', on_behalf_of: 'the board', comment: 'recorded' },
    signalAtStage: 'awaiting_review',
  },
  { file: 'approval-timeout.json', taskName: 'example_approval', params: { subject: 'recorded', timeout: 1 } },
  { file: 'direct-start.json', taskName: 'example_data_processing', params: { data_size: 20, chunk_size: 10, operation: 'sum' }, direct: true },
  { file: 'large-dataset.json', taskName: 'process_large_dataset', params: { length: 450, chunk_size: 50, chunks_per_run: 4 }, chain: true },
  { file: 'booking-saga-success.json', taskName: 'booking_saga', params: { fail_at: 'none' } },
  { file: 'booking-saga-fail-charge.json', taskName: 'booking_saga', params: { fail_at: 'charge' } },
  { file: 'booking-saga-compensation-fails.json', taskName: 'booking_saga', params: { fail_at: 'ship', compensation_fails: 'charge' } },
  {
    file: 'extract-links.json',
    taskName: 'extract_links',
    params: { tag: 'recorded', go_back_to: '2024-01', until: '2024-03', archive_base: FIXTURE_ARCHIVE },
    chain: true,
  },
  { file: 'extract-links-refused.json', taskName: 'extract_links', params: { tag: 'refused', go_back_to: '2024-01', until: '2024-01', archive_base: FIXTURE_ARCHIVE } },
  { file: 'schedule-started.json', taskName: 'example_data_processing', params: { data_size: 20, chunk_size: 10, operation: 'sum' }, scheduled: true },
  {
    file: 'orchestration.json',
    taskName: 'orchestration',
    params: { values: [1, 2, 3] },
    idIsFile: true,
    children: {
      'orchestration-add-one.json': (id) => `${id}-add-one`,
      'orchestration-double.json': (id) => `${id}-double-1`,
      'orchestration-sum.json': (id) => `${id}-sum`,
    },
  },
  { file: 'async-operations-ok.json', taskName: 'async_operations', params: { n: 21, mode: 'ok' } },
  { file: 'async-operations-invalid.json', taskName: 'async_operations', params: { n: 21, mode: 'invalid' } },
  { file: 'async-operations-flaky.json', taskName: 'async_operations', params: { n: 21, mode: 'flaky' } },
  { file: 'async-operations-timeout.json', taskName: 'async_operations', params: { n: 21, mode: 'timeout' } },
  {
    file: 'fire-and-forget.json',
    taskName: 'fire_and_forget',
    params: { seconds: 1 },
    idIsFile: true,
    children: { 'fire-and-forget-child.json': (id) => `${id}-child` },
  },
  {
    file: 'web-page-review.json',
    taskName: 'web_page_review',
    params: { url: `http://127.0.0.1:${RECORDER_PAGE_PORT}/article`, review_timeout: 600 },
    decision: { approved: true, reviewer: 'recorder', summary: 'A recorded summary.' },
    signalAtStage: 'awaiting_review',
    fetchesPage: true,
  },
  { file: 'web-page-review-timeout.json', taskName: 'web_page_review', params: { url: `http://127.0.0.1:${RECORDER_PAGE_PORT}/article`, review_timeout: 1 }, fetchesPage: true },
  {
    file: 'web-page-review-timeout-fail.json',
    taskName: 'web_page_review',
    params: { url: `http://127.0.0.1:${RECORDER_PAGE_PORT}/article`, review_timeout: 1, on_review_timeout: 'fail' },
    fetchesPage: true,
  },
  { file: 'step-sequence.json', taskName: 'example_step_sequence', params: { steps: 3, step_ms: 100 } },
  { file: 'debounce.json', taskName: 'noop', params: {}, debounced: [{}, {}] },
  { file: 'bulk-rerun.json', taskName: 'example_error_handling', params: { should_fail: true, retry_count: 0, fail_at_step: 1 }, bulkRerun: true },
  { file: 'alert-delivery.json', taskName: 'example_error_handling', params: { should_fail: true, retry_count: 0, fail_at_step: 2 }, alerted: true },
  { file: 'per-key-semaphore.json', taskName: 'example_step_sequence', params: { steps: 2, step_ms: 1000 }, perKey: true },
];

/** The scenarios named on the command line (by file), or all of them. */
function chosenScenarios(names: string[]): typeof SCENARIOS {
  const unknown = names.filter((name) => !SCENARIOS.some((scenario) => scenario.file === name));
  if (unknown.length > 0) throw new Error(`no scenario ${unknown.join(', ')}; scenarios: ${SCENARIOS.map((s) => s.file).join(', ')}`);
  return names.length === 0 ? SCENARIOS : SCENARIOS.filter((scenario) => names.includes(scenario.file));
}

/** Waits until a worker has run the workflow's first task (and reached `stage`, if given), so that a signal finds it waiting. */
async function untilRunning(handle: WorkflowHandle, stage?: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const progress = await handle.query(progressQuery).catch(() => undefined);
    if (progress && (stage === undefined || progress.stage === stage)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${handle.workflowId} never answered the progress query; is a worker serving its queue?`);
}

async function start(client: Client, registry: TaskRegistry, scenario: Scenario): Promise<{ taskId: string; handle: WorkflowHandle }> {
  if (scenario.scheduled) return startScheduled(client, registry, scenario);
  if (!scenario.direct) return startTask(client, registry, { ...scenario, chosenId: scenario.idIsFile ? scenario.file : undefined }, { name: 'record-histories', role: 'admin' });
  const taskId = `${scenario.taskName}-direct-${randomUUID()}`;
  const handle = await client.workflow.start(scenario.taskName, { taskQueue: registry.get(scenario.taskName).queue, workflowId: taskId, args: [scenario.params] });
  return { taskId, handle };
}

type Target = ReturnType<typeof temporalTarget>;

/** Fails the scenario's task, re-runs it with a bulk job (as POST /tasks/batch does), and records the job once it has ended. */
async function recordBulkRerun(client: Client, registry: TaskRegistry, scenario: Scenario, record: (workflowId: string, file: string) => void): Promise<void> {
  const since = new Date();
  const failed = await start(client, registry, scenario);
  await failed.handle.result().catch(() => undefined);
  const caller = { name: 'record-histories', role: 'admin' as const };
  const filter = { statuses: ['failed' as const], retrying: false, taskName: scenario.taskName, createdAfter: since, maxDescribes: 10 };
  // Visibility lists the failed task a moment after it ended.
  for (let i = 0; i < 100 && (await countBatch(client, caller, filter)).count === 0; i++) await new Promise((resolve) => setTimeout(resolve, 200));
  const { jobId } = await startBatch(client, registry, caller, { filter, action: 'rerun' });
  if (!jobId) throw new Error('the re-run job found no failed task');
  await client.workflow.getHandle(jobId).result();
  record(jobId, scenario.file);
}

/** Fails the scenario's task and records its alert's delivery once the recorder's receiver has taken it, then the alerter (still running). */
async function recordAlert(client: Client, registry: TaskRegistry, scenario: Scenario, record: (workflowId: string, file: string) => void): Promise<void> {
  const receiver = createServer((request, response) => request.resume().on('end', () => response.writeHead(204).end()));
  await new Promise<void>((resolve) => receiver.listen(ALERT_RECEIVER_PORT, '127.0.0.1', resolve));
  try {
    const failed = await start(client, registry, scenario);
    await failed.handle.result().catch(() => undefined);
    const { runId } = await failed.handle.describe();
    const delivery = client.workflow.getHandle(`conveyor-alert-task_failed-${failed.taskId}-${runId}`);
    for (let i = 0; (await delivery.describe().catch(() => undefined)) === undefined; i++) {
      if (i === 150) throw new Error(`no alert for ${failed.taskId}: is the stack's worker running with CONVEYOR_ALERT_WEBHOOK_URL=http://127.0.0.1:${ALERT_RECEIVER_PORT}/alerts?`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await delivery.result();
    record(delivery.workflowId, scenario.file);
    record(ALERTS_WORKFLOW_ID, 'alerts.json');
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
}

/** Starts the scenario's task twice with one key and a limit of 1, and records both tasks and the key's semaphore once all have ended. */
async function recordPerKey(client: Client, registry: TaskRegistry, scenario: Scenario, record: (workflowId: string, file: string) => void): Promise<void> {
  const { queue } = registry.get(scenario.taskName);
  const key = `record-${randomUUID()}`;
  const handles: WorkflowHandle[] = [];
  for (const role of ['holder', 'waiter']) {
    const taskId = `${scenario.taskName}-per-key-${role}-${randomUUID()}`;
    const handle = await client.workflow.start(scenario.taskName, {
      taskQueue: queue,
      workflowId: taskId,
      args: [scenario.params],
      memo: { [CONCURRENCY_MEMO]: { key, limit: 1 } },
      typedSearchAttributes: [
        { key: TASK_NAME_ATTRIBUTE, value: scenario.taskName },
        { key: QUEUE_ATTRIBUTE, value: queue },
      ],
    });
    handles.push(handle);
  }
  await Promise.all(handles.map((handle) => handle.result()));
  const semaphore = client.workflow.getHandle(semaphoreWorkflowId(scenario.taskName, key));
  await semaphore.result();
  const base = scenario.file.replace(/-semaphore\.json$/, '');
  record(handles[0]?.workflowId ?? '', `${base}-holder.json`);
  record(handles[1]?.workflowId ?? '', `${base}-waiter.json`);
  record(semaphore.workflowId, scenario.file);
}

/** Submits a scenario's debounced list as one window, as startTask does for a debounced task type; gives the window's workflow once it has started the task. */
async function startDebounced(client: Client, registry: TaskRegistry, scenario: Scenario & { debounced: unknown[] }): Promise<WorkflowHandle> {
  const submitter = 'record-histories';
  const key = randomUUID();
  let taskId = '';
  for (const params of scenario.debounced) {
    const { task, params: parsed, queue } = validateTaskRequest(registry, { taskName: scenario.taskName, params });
    const spec: TaskStartSpec = {
      workflowType: task.name,
      taskQueue: queue,
      args: [parsed],
      workflowExecutionTimeout: task.executionTimeout,
      retry: task.retry,
      typedSearchAttributes: [
        { key: TASK_NAME_ATTRIBUTE, value: task.name },
        { key: QUEUE_ATTRIBUTE, value: queue },
        { key: SUBMITTER_ATTRIBUTE, value: submitter },
      ],
    };
    ({ taskId } = await debounceTask(client, { spec, submitter, key, windowMs: 1000 }));
  }
  // The task has no workflow until its window closes.
  for (let i = 0; i < 100 && !(await client.workflow.getHandle(taskId).describe().catch(() => undefined)); i++) await new Promise((resolve) => setTimeout(resolve, 200));
  await client.workflow.getHandle(taskId).result();
  return client.workflow.getHandle(debounceWindowId(scenario.taskName, submitter, key));
}

/** One run's history (the latest without `runId`), in the JSON form the SDK's replayer reads (historyFromJSON), as the CLI writes it. */
function showRun(target: Target, taskId: string, runId?: string): Buffer {
  return execFileSync(process.env.TEMPORAL_CLI_PATH ?? 'temporal', [
    'workflow', 'show', '--workflow-id', taskId, ...(runId ? ['--run-id', runId] : []), '--output', 'json', '--address', target.address, '--namespace', target.namespace,
  ]);
}

/** Records every run of a chain of continue-as-new, following each run's last event to the next run. */
function recordChain(target: Target, scenario: Scenario, taskId: string, firstRunId: string): void {
  const base = scenario.file.replace(/\.json$/, '');
  for (let run = 1, runId: string | undefined = firstRunId; runId; run++) {
    const json = showRun(target, taskId, runId);
    const file = `${base}-run${run}.json`;
    writeFileSync(path.join(__dirname, 'histories', file), json);
    console.log(`recorded ${file}`);
    const { events } = JSON.parse(json.toString('utf8')) as { events: { workflowExecutionContinuedAsNewEventAttributes?: { newExecutionRunId?: string } }[] };
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
}

/** Creates a schedule as POST /schedules does, triggers one run, and deletes the schedule once Temporal started the run. */
async function startScheduled(client: Client, registry: TaskRegistry, scenario: Scenario): Promise<{ taskId: string; handle: WorkflowHandle }> {
  const valid = validateTaskRequest(registry, { taskName: scenario.taskName, params: scenario.params });
  const schedule = await createTaskSchedule(client, valid, { scheduleId: `record-${randomUUID()}`, cron: ['0 3 * * *'], overlap: 'skip', submitter: 'record-histories' });
  try {
    await schedule.trigger();
    for (let i = 0; i < 100; i++) {
      const [run] = (await schedule.describe()).info.recentActions;
      if (run) return { taskId: run.action.workflow.workflowId, handle: client.workflow.getHandle(run.action.workflow.workflowId) };
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`schedule ${schedule.scheduleId} started no run`);
  } finally {
    await schedule.delete();
  }
}

async function main(): Promise<void> {
  const scenarios = chosenScenarios(process.argv.slice(2));
  const target = temporalTarget(loadSettings());
  const { registry } = await loadProject({ configFlag: path.join(__dirname, '..', '..', 'examples', 'conveyor.config.ts') });
  const client = await connectClient(target);
  const record = (workflowId: string, file: string): void => {
    writeFileSync(path.join(__dirname, 'histories', file), showRun(target, workflowId));
    console.log(`recorded ${file}`);
  };
  let site: FixtureSite | undefined;
  const articleSite = scenarios.some((scenario) => scenario.fetchesPage) ? await startArticleSite(RECORDER_PAGE_PORT) : undefined;
  try {
    if (scenarios.some((scenario) => scenario.taskName === 'extract_links')) site = await startFixtureSite({ archive: FIXTURE_ARCHIVE_PAGES, port: FIXTURE_PORT });
    for (const scenario of scenarios) {
      if (scenario.perKey) {
        await recordPerKey(client, registry, scenario, record);
        continue;
      }
      if (scenario.bulkRerun) {
        await recordBulkRerun(client, registry, scenario, record);
        continue;
      }
      if (scenario.alerted) {
        await recordAlert(client, registry, scenario, record);
        continue;
      }
      if (scenario.debounced) {
        const window = await startDebounced(client, registry, { ...scenario, debounced: scenario.debounced });
        await window.result();
        record(window.workflowId, scenario.file);
        continue;
      }
      const started = await start(client, registry, scenario);
      if (scenario.signal) {
        await untilRunning(started.handle, scenario.signalAtStage);
        await started.handle.signal(scenario.signal.name, scenario.signal.payload);
      }
      if (scenario.decision) {
        await untilRunning(started.handle, scenario.signalAtStage);
        await started.handle.executeUpdate(decisionUpdate, { args: [scenario.decision] });
      }
      await started.handle.result().catch(() => undefined); // failures are histories too
      if (scenario.file === 'extract-links.json' && (await started.handle.describe()).status.name !== 'COMPLETED') {
        throw new Error(`${started.taskId} did not complete: is the stack's worker running with CONVEYOR_FETCH_ALLOW_HOSTS=127.0.0.1:${FIXTURE_PORT}?`);
      }
      if (scenario.chain) {
        const { raw } = await started.handle.describe();
        recordChain(target, scenario, started.taskId, raw.workflowExecutionInfo?.firstRunId ?? '');
        continue;
      }
      record(started.taskId, scenario.file);
      for (const [file, childId] of Object.entries(scenario.children ?? {})) {
        const id = childId(started.taskId);
        await client.workflow.getHandle(id).result().catch(() => undefined); // an abandoned child may still run
        record(id, file);
      }
    }
  } finally {
    await site?.close();
    await articleSite?.close();
    await client.connection.close();
  }
}

void main();
