import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BatchJob } from '../client/answers';
import type { BatchRequest } from '../client/create-client';
import { describeBatchFilter, parseBatchFilter } from './batch-filter';
import { taskApi } from './context';
import { EXIT } from './usage-error';

export interface BatchCommandOptions {
  filter: string[];
  reason?: string;
  yes?: boolean;
  dryRun?: boolean;
  /** false with --no-wait: print the job id and leave the job to run. */
  wait?: boolean;
  json?: boolean;
}

/** How often a followed job is asked for its progress. */
const POLL_MS = 500;

/** What each action does, as the prompt and the summary say it. */
const VERBS: Record<BatchRequest['action'], { verb: string; done: string }> = {
  cancel: { verb: 'cancel', done: 'cancellation requested for' },
  terminate: { verb: 'terminate', done: 'terminated' },
  signal: { verb: 'signal', done: 'signalled' },
  rerun: { verb: 're-run', done: 're-ran' },
};

/**
 * A bulk action from the CLI: counts what the filter matches, asks for confirmation showing the
 * count (unless --yes), starts the job and follows it to its end. Declining changes nothing
 * (exit 1); a job that failed on some tasks exits 1 too.
 */
export async function runBatchCommand(action: BatchRequest['action'], options: BatchCommandOptions, extra: Pick<BatchRequest, 'signal'> = {}): Promise<void> {
  const filter = parseBatchFilter(options.filter);
  const request: BatchRequest = { filter, action, reason: options.reason, ...extra };
  const api = taskApi();
  const { verb, done } = VERBS[action];
  const { count } = await api.countBatch(request);
  const described = describeBatchFilter(filter);
  if (options.dryRun || count === 0) {
    if (options.json) console.log(JSON.stringify({ count, filter }, null, 2));
    else console.log(count === 0 ? `no tasks match ${described}: nothing to ${verb}` : `${count} task(s) match ${described}: --dry-run, nothing changed`);
    return;
  }
  if (!options.yes && !(await confirm(`${verb} ${count} task(s) matching ${described}? [y/N] `))) {
    console.error(`aborted: nothing was changed`);
    process.exitCode = EXIT.failed;
    return;
  }
  const started = await api.startBatch(request);
  if (started.job_id === null) {
    console.log(`no tasks match ${described}: nothing to ${verb}`);
    return;
  }
  if (!options.json) console.error(`started job ${started.job_id}: ${verb} ${started.count} task(s)`);
  if (options.wait === false) {
    console.log(options.json ? JSON.stringify(started, null, 2) : started.job_id);
    return;
  }
  const job = await follow(started.job_id, (text) => !options.json && process.stderr.isTTY && process.stderr.write(`\r\x1b[2K${text}`));
  if (!options.json && process.stderr.isTTY) process.stderr.write('\n');
  if (options.json) console.log(JSON.stringify(job, null, 2));
  else console.log(`${job.state}: ${done} ${job.completed} of ${job.total} task(s)${job.failed ? `; ${job.failed} failed` : ''}`);
  for (const failure of job.failures ?? []) if (!options.json) console.error(`  ${failure.task_id}: ${failure.error}`);
  if (job.state !== 'completed' || job.failed > 0) process.exitCode = EXIT.failed;
}

async function follow(jobId: string, show: (text: string) => unknown): Promise<BatchJob> {
  const api = taskApi();
  for (;;) {
    const job = await api.batchJob(jobId);
    if (job.state !== 'running') return job;
    show(`${job.action}: ${job.completed + job.failed} of ${job.total || '?'} done`);
    await sleep(POLL_MS);
  }
}

/** Asks on stderr and reads one line from stdin: yes only for `y` or `yes`; the end of input is no. */
async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  process.stderr.write(question);
  const answer = await new Promise<string | null>((resolve) => {
    prompt.once('line', resolve);
    prompt.once('close', () => resolve(null));
  });
  prompt.close();
  return answer !== null && /^\s*y(es)?\s*$/i.test(answer);
}
