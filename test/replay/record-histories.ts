/**
 * Records one history per example scenario into test/replay/histories/, for the replay test.
 * Run against a running stack (`npm start`, or TEMPORAL_ADDRESS):
 *   npm run record-histories                  (every scenario)
 *   npm run record-histories -- noop.json     (only the named files)
 * Re-record when a workflow changes on purpose, and keep the old files if running tasks
 * may still replay them (that is what the test guards).
 * web-page-review.json fetches an article the recorder serves on 127.0.0.1:8931: start the stack
 * with CONVEYOR_FETCH_ALLOW_HOSTS=127.0.0.1:8931 (the offline LLM provider needs nothing else).
 * The extract_links scenarios crawl a loopback fixture site this script serves on
 * 127.0.0.1:$RECORD_FIXTURE_PORT (18930 by default): run the stack with
 * CONVEYOR_FETCH_ALLOW_HOSTS=127.0.0.1:18930 so its worker may fetch from it.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { loadSettings } from '../../src/config';
import { decisionSignal } from '../../src/contract/decision';
import { progressQuery } from '../../src/contract/progress';
import { loadProject } from '../../src/project/load-project';
import type { TaskRegistry } from '../../src/tasks/registry';
import { connectClient } from '../../src/temporal/connect';
import { startTask } from '../../src/temporal/start-task';
import { temporalTarget } from '../../src/temporal/target';
import { startFixtureSite, type FixtureSite } from '../../examples/web-fetch/testing/fixture-site';
import { startArticleSite } from '../helpers/article-site';

/** Where the recorder serves the article web_page_review fetches (the worker must allow it). */
const RECORDER_PAGE_PORT = 8931;

interface Scenario {
  file: string;
  taskName: string;
  params: unknown;
  /** Sent once the workflow runs (it answers the progress query), as a reviewer would. */
  signal?: { name: string; payload: unknown };
  /** Started through Temporal directly (workflow type = task name, no search attributes), as another SDK would. */
  direct?: boolean;
  /** The signal waits until the task's progress reaches this stage. */
  signalAtStage?: string;
  /** The task fetches the recorder's loopback article. */
  fetchesPage?: boolean;
  /** A task that continues as new: also record its first run (the latest is `file`) under this name. */
  firstRunFile?: string;
}

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
  { file: 'noop.json', taskName: 'noop', params: {} },
  {
    file: 'approval-reviewer.json',
    taskName: 'example_approval',
    params: { subject: 'recorded', timeout: 600 },
    signal: { name: decisionSignal.name, payload: { approved: true, reviewer: 'recorder', comment: 'recorded' } },
  },
  { file: 'approval-timeout.json', taskName: 'example_approval', params: { subject: 'recorded', timeout: 1 } },
  { file: 'direct-start.json', taskName: 'example_data_processing', params: { data_size: 20, chunk_size: 10, operation: 'sum' }, direct: true },
  {
    file: 'extract-links-last-run.json',
    firstRunFile: 'extract-links-first-run.json',
    taskName: 'extract_links',
    params: { tag: 'recorded', go_back_to: '2024-01', until: '2024-03', archive_base: FIXTURE_ARCHIVE },
  },
  { file: 'extract-links-refused.json', taskName: 'extract_links', params: { tag: 'refused', go_back_to: '2024-01', until: '2024-01', archive_base: FIXTURE_ARCHIVE } },
  {
    file: 'web-page-review.json',
    taskName: 'web_page_review',
    params: { url: `http://127.0.0.1:${RECORDER_PAGE_PORT}/article`, review_timeout: 600 },
    signal: { name: decisionSignal.name, payload: { approved: true, reviewer: 'recorder', summary: 'A recorded summary.' } },
    signalAtStage: 'awaiting_review',
    fetchesPage: true,
  },
  { file: 'web-page-review-timeout.json', taskName: 'web_page_review', params: { url: `http://127.0.0.1:${RECORDER_PAGE_PORT}/article`, review_timeout: 1 }, fetchesPage: true },
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

async function start(client: Client, registry: TaskRegistry, scenario: Scenario): Promise<{ taskId: string; runId: string; handle: WorkflowHandle }> {
  if (!scenario.direct) return startTask(client, registry, { ...scenario, submitter: 'record-histories' });
  const taskId = `${scenario.taskName}-direct-${randomUUID()}`;
  const handle = await client.workflow.start(scenario.taskName, { taskQueue: registry.get(scenario.taskName).queue, workflowId: taskId, args: [scenario.params] });
  return { taskId, runId: handle.firstExecutionRunId, handle };
}

async function main(): Promise<void> {
  const scenarios = chosenScenarios(process.argv.slice(2));
  const target = temporalTarget(loadSettings());
  const { registry } = await loadProject({ configFlag: path.join(__dirname, '..', '..', 'examples', 'conveyor.config.ts') });
  const client = await connectClient(target);
  let site: FixtureSite | undefined;
  const articleSite = scenarios.some((scenario) => scenario.fetchesPage) ? await startArticleSite(RECORDER_PAGE_PORT) : undefined;
  try {
    if (scenarios.some((scenario) => scenario.taskName === 'extract_links')) site = await startFixtureSite({ archive: FIXTURE_ARCHIVE_PAGES, port: FIXTURE_PORT });
    for (const scenario of scenarios) {
      const started = await start(client, registry, scenario);
      if (scenario.signal) {
        await untilRunning(started.handle, scenario.signalAtStage);
        await started.handle.signal(scenario.signal.name, scenario.signal.payload);
      }
      await started.handle.result().catch(() => undefined); // failures are histories too
      if (scenario.file === 'extract-links-last-run.json' && (await started.handle.describe()).status.name !== 'COMPLETED') {
        throw new Error(`${started.taskId} did not complete: is the stack's worker running with CONVEYOR_FETCH_ALLOW_HOSTS=127.0.0.1:${FIXTURE_PORT}?`);
      }
      const runs: [string, string | undefined][] = [[scenario.file, undefined]];
      if (scenario.firstRunFile) runs.push([scenario.firstRunFile, started.runId]);
      for (const [file, runId] of runs) {
        // The CLI writes the JSON form the SDK's replayer reads (historyFromJSON).
        const json = execFileSync(process.env.TEMPORAL_CLI_PATH ?? 'temporal', [
          'workflow', 'show', '--workflow-id', started.taskId, ...(runId ? ['--run-id', runId] : []), '--output', 'json', '--address', target.address, '--namespace', target.namespace,
        ]);
        writeFileSync(path.join(__dirname, 'histories', file), json);
        console.log(`recorded ${file}`);
      }
    }
  } finally {
    await site?.close();
    await articleSite?.close();
    await client.connection.close();
  }
}

void main();
