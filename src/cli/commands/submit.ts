import type { Command } from 'commander';
import { parseJsonOption, taskApi } from '../context';
import { followTask } from '../follow-task';
import { durationMs, taskPriority } from '../options';
import { UsageError } from '../usage-error';
import { TaskDebouncedError } from '../../client/errors';
import type { DebouncedAnswer } from '../../client/answers';

interface SubmitOptions {
  params: string;
  queue?: string;
  id?: string;
  priority?: number;
  fairnessKey?: string;
  singleton?: boolean;
  debounce?: number;
  maxWait?: number;
  wait?: boolean;
  json?: boolean;
}

/**
 * `conveyor submit <task>`: submits through the Task API (CONVEYOR_API_URL), which validates the
 * parameters against the running stack's task types, and with --wait follows the task to its end.
 */
export function registerSubmitCommand(program: Command): void {
  defineSubmit(
    program.command('submit').description('submit a task through the Task API (CONVEYOR_API_URL); with --wait, show its progress and print its result'),
  );
}

/**
 * Gives `command` the arguments, options and action of `submit`: `submit` itself and the names
 * other task systems gave it (`worker test-job`) are one command under several names.
 */
export function defineSubmit(command: Command): Command {
  return command
    .argument('<task>', 'task type name (see `conveyor types`)')
    .option('--params <json>', 'task parameters as a JSON object', '{}')
    .option('--queue <queue>', "queue to run on (default: the task's own)")
    .option('--id <id>', "task id to choose (with a submitter's key the task's id is <submitter>:<id>); default: <task>-<uuid>")
    .option('--priority <n>', "Temporal's priority key: 1 runs first, 5 last (default: Temporal's, 3)", taskPriority)
    .option('--fairness-key <key>', "admins only: the fairness key to run under (default: the task type's, else your name)")
    .option('--singleton', 'if a task of this type with the same key is running, answer it instead of starting another')
    .option('--debounce <duration>', 'collapse with the submits of this type and key within this window (e.g. 30s): one run, with the last parameters', durationMs)
    .option('--max-wait <duration>', 'with --debounce: start at the latest this long after the window\'s first submit', durationMs)
    .option('--wait', 'wait for the task to end; exit 1 if it failed, was cancelled or timed out')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExit codes: 0 submitted (with --wait: the task completed); 1 the task failed, was cancelled or timed out; 2 bad input (nothing started).')
    .action(async (taskName: string, options: SubmitOptions) => {
      // Malformed JSON stops here, before any request: bad input starts nothing.
      const params = parseJsonOption('--params', options.params);
      const api = taskApi();
      if (options.maxWait !== undefined && options.debounce === undefined) throw new UsageError('--max-wait goes with --debounce');
      if (options.debounce !== undefined || options.maxWait !== undefined) {
        if (options.singleton || options.id) throw new UsageError('--debounce: a debounced task takes the id its window chooses; leave out --id and --singleton');
        const { debounced } = await api.debounce(taskName, params as never, {
          window: options.debounce! / 1000,
          maxWait: options.maxWait === undefined ? undefined : options.maxWait / 1000,
          queue: options.queue,
          priority: options.priority,
          fairnessKey: options.fairnessKey,
        });
        return reportDebounced(debounced, options, api);
      }
      let submission;
      try {
        ({ submission } = await api.submit(taskName, params as never, {
        queue: options.queue,
        id: options.id,
        priority: options.priority,
        fairnessKey: options.fairnessKey,
        ...(options.singleton ? { mode: 'singleton' as const } : {}),
        }));
      } catch (error) {
        // The task type debounces its submits by default: the API took this one into its window.
        if (error instanceof TaskDebouncedError) return reportDebounced(error.debounced, options, api);
        throw error;
      }
      const submitted = submission;
      const summary = {
        task_id: submitted.task_id,
        run_id: submitted.run_id,
        task_name: submitted.task_name,
        queue: submitted.queue,
        priority: submitted.priority,
        fairness_key: submitted.fairness_key,
        existing: submitted.existing,
      };
      const line = submitted.existing ? `already there: ${submitted.task_id} (${submitted.status}) on ${submitted.queue}` : `submitted ${submitted.task_id} to ${submitted.queue}`;
      if (!options.wait) {
        console.log(options.json ? JSON.stringify({ ...summary, status: submitted.status }) : line);
        return;
      }
      if (!options.json) console.error(line);
      await followTask(api, submitted.task_id, { json: options.json, jsonExtra: summary });
    });
}

/** How long after its window's end a debounced run is waited for before it is followed. */
const WINDOW_SLACK_SECONDS = 2;

/** A debounced submit's answer: the task that will run, when at the earliest; with --wait, followed to its end. */
async function reportDebounced(debounced: DebouncedAnswer, options: SubmitOptions, api: ReturnType<typeof taskApi>): Promise<void> {
  const line = `debounced into ${debounced.task_id}: runs at ${debounced.runs_at} at the earliest (${debounced.submits} submit${debounced.submits === 1 ? '' : 's'} in its window)`;
  if (!options.wait) {
    console.log(options.json ? JSON.stringify(debounced) : line);
    return;
  }
  if (!options.json) console.error(line);
  // The run has no events before its window closes: wait that long for it (the result route waits
  // out a window), then follow it as any task.
  await api.outcome(debounced.task_id, { wait: Math.max(0, Date.parse(debounced.runs_at) - Date.now()) / 1000 + WINDOW_SLACK_SECONDS });
  await followTask(api, debounced.task_id, { json: options.json, jsonExtra: { task_id: debounced.task_id, task_name: debounced.task_name, queue: debounced.queue } });
}
