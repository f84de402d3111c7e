import { z } from 'zod';
import { decisionSignal } from '../../contract/decision';
import { MAX_EDITED_SUMMARY_LENGTH } from '../../tasks/decision-payload';
import type { ApiContext, ZodApp } from '../context';
import { declaredTaskOf } from '../declared-task';
import { errorResponses } from '../error-body';
import { ApiError } from '../errors';
import { loadTask } from '../load-task';
import { assertAwaitingDecision } from '../pending-decision';
import { taskIdParams } from './task-status';

export const reviewRequest = z
  .object({
    decision: z.enum(['approve', 'reject']),
    comment: z.string().max(2000).optional().describe('Why, for the record'),
    reviewer: z.string().trim().min(1).max(200).optional().describe("Who decides, kept in the result; the caller's name (its key's or user's) when left out"),
    summary: z
      .string()
      .trim()
      .min(1)
      .max(MAX_EDITED_SUMMARY_LENGTH)
      .optional()
      .describe("An edited summary replacing the draft's: approve only, and only for tasks whose decision signal takes one (422 otherwise)"),
  })
  .strict()
  .describe('ReviewRequest');

const reviewAnswer = z
  .object({
    task_id: z.string(),
    decision: z.enum(['approve', 'reject']),
    reviewer: z.string(),
    signal: z.literal(decisionSignal.name).describe('The signal that carried the decision to the task'),
  })
  .describe('ReviewAccepted');

/** The decision signal's payload fields, named as the review body names them. */
const BODY_FIELD: Record<string, string> = { approved: 'decision' };

/**
 * POST /tasks/{id}/review: approve or reject what a task waits on (`awaitDecision`), for every task
 * type that declares the `decision` signal. The decision becomes that signal's payload and is
 * checked against the schema the task type declares for it (an edited summary only where it takes one).
 */
export function taskReviewRoutes(app: ZodApp, ctx: ApiContext): void {
  app.post(
    '/tasks/:id/review',
    {
      config: { access: 'submit' },
      schema: {
        tags: ['tasks'],
        summary: 'Approve or reject a task awaiting review (a task type declaring the `decision` signal); the first decision wins',
        params: taskIdParams,
        body: reviewRequest,
        response: { 202: reviewAnswer, ...errorResponses(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const loaded = await loadTask(ctx, request.params.id, request.principal, 'write');
      const id = loaded.taskId;
      const task = declaredTaskOf(ctx, loaded);
      const schema = task?.signals && Object.hasOwn(task.signals, decisionSignal.name) ? task.signals[decisionSignal.name] : undefined;
      if (!task || !schema) {
        const type = task?.name ?? loaded.description.type;
        throw new ApiError(409, 'no_review_step', `task "${id}" (${type}) has no review step: its task type declares no "${decisionSignal.name}" signal`);
      }
      if (loaded.description.status.name !== 'RUNNING') throw new ApiError(409, 'task_finished', `task "${id}" is no longer running`);
      await assertAwaitingDecision(ctx, loaded, task);

      const { decision, comment, summary } = request.body;
      const reviewer = request.body.reviewer ?? request.principal.name;
      // Only the fields sent: a task type whose payload is strict refuses a key it does not take, even an empty one.
      const payload = schema.safeParse({ approved: decision === 'approve', reviewer, ...(comment === undefined ? {} : { comment }), ...(summary === undefined ? {} : { summary }) });
      if (!payload.success) {
        const fields = payload.error.issues.flatMap((issue) => {
          if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: `body.${key}`, message: `task type ${task.name} takes no ${key} in a review` }));
          return [{ field: ['body', ...issue.path.map((key) => BODY_FIELD[String(key)] ?? String(key))].join('.'), message: issue.message }];
        });
        throw new ApiError(422, 'invalid_review', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
      }
      await loaded.handle.signal(decisionSignal.name, payload.data);
      return reply.status(202).send({ task_id: id, decision, reviewer, signal: decisionSignal.name });
    },
  );
}
