import { z } from 'zod';
import { TASK_STATUSES } from '../../tasks/status';
import { resultAnswer } from './result';
import { taskView } from './task';

/** POST /tasks: the task just submitted (201), or the one an idempotent repeat or a singleton found (200). */
export const submitAnswer = z.object({
  task_id: z.string(),
  short_id: z.string(),
  run_id: z.string(),
  task_name: z.string(),
  queue: z.string(),
  status: z.enum(TASK_STATUSES),
  /** With `?wait=`, once the task completed within it: what it returned. */
  result: resultAnswer.shape.result,
  /** With `?wait=`, once the task ended otherwise within it: how. */
  failure: resultAnswer.shape.failure,
  submitter: z.string(),
  start_delay_ms: z.number(),
  /** The priority key it runs with: the one asked for, else Temporal's default (3). */
  priority: taskView.shape.priority,
  /** The fairness key it takes its share of the queue under. */
  fairness_key: z.string().describe("The fairness key it takes its share of the queue under: its type's, else the submitter's name, or the one an admin named"),
  existing: z
    .boolean()
    .describe('True when the answer is a task that was there before this request: an idempotent repeat, or the running singleton of its type and key'),
});

/** POST /tasks with a debounce (202): the task that will run once its window closes. */
export const debouncedAnswer = z.object({
  task_id: z.string().describe('The task that will run: every submit of the window is answered with the same id'),
  short_id: z.string(),
  task_name: z.string(),
  queue: z.string(),
  status: z.literal('queued'),
  wait_reason: z.literal('debouncing'),
  runs_at: z.string().describe('The earliest the run starts (ISO 8601): a later submit in the window moves it, never past max_wait after the first'),
  submits: z.number().describe('How many submits the window has collapsed so far, this one included'),
  submitter: z.string(),
  priority: taskView.shape.priority,
  fairness_key: z.string(),
});
