import { z } from 'zod';
import { TASK_STATUSES } from '../../tasks/status';
import { submitAnswer } from './submit';

/** POST /tasks/{id}/reset: why, recorded in Temporal with who asked. Optional, as is the body. */
export const resetRequest = z
  .object({ reason: z.string().max(500).optional().describe('Recorded in Temporal after the caller\'s name ("reset by alice: <reason>")') })
  .strict()
  // No body at all reaches the schema as null.
  .nullish();

/** POST /tasks/{id}/reset: the task's new run, and where it came from. */
export const resetAnswer = z.object({
  task_id: z.string().describe('The same task id: a reset task keeps it'),
  run_id: z.string().describe("The new run, now the task's latest (GET /tasks/{id} shows it)"),
  status: z.enum(TASK_STATUSES).describe('The status right after the reset'),
  reset_from: z.object({
    run_id: z.string().describe('The run that failed or was stuck: Temporal keeps it, its history, and a link to the new run'),
    event_id: z.number().describe('The workflow task the new run goes back to (`workflowTaskFinishEventId`): the last one completed before the first failure'),
    failed_event_id: z.number().describe('The first failure of that run: what the new run does again'),
    failed_event_type: z.string().describe('Its event type, e.g. activity_task_failed, workflow_task_failed, workflow_execution_failed'),
  }),
  reason: z.string().describe('What Temporal recorded as the reason'),
});

/** POST /tasks/{id}/retry: the parameters of the new task; without them, the old task's. */
export const retryRequest = z
  .object({
    parameters: z.record(z.string(), z.unknown()).optional().describe("The new task's parameters, checked against its type's schema as a submit's; without them, the old task's"),
  })
  .strict()
  .nullish();

/** POST /tasks/{id}/retry: the new task, as a submit answers it, and the task it retries. */
export const retryAnswer = submitAnswer.extend({ retry_of: z.string().describe('The task this one retries: GET /tasks/{id} of the new task names it too') });
