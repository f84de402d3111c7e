import { decisionUpdate } from '../../../contract/decision';
import { SUBMITTER_ATTRIBUTE } from '../../../contract/search-attributes';
import type { Principal } from '../../http/auth/authenticate';
import type { ApiContext, ZodApp } from '../../context';
import { taskTypeOf } from '../../../temporal/tasks/task-type-of';
import { errorResponses } from '../../schemas/error-body';
import { reviewAnswer, reviewRequest } from '../../schemas/review';
import { taskIdParams } from '../../schemas/task-id';
import { ApiError } from '../../http/api-error';
import { loadTask, type LoadedTask } from '../../../temporal/tasks/load-task';
import { assertAwaitingDecision } from '../../../temporal/tasks/pending-decision';
import { sendDecision } from '../../../temporal/tasks/send-decision';

/** The decision's fields, named as the review body names them. */
const BODY_FIELD: Record<string, string> = { approved: 'decision', on_behalf_of: 'reviewer' };

/**
 * POST /tasks/{id}/review: approve or reject what a task waits on (`awaitDecision`), for every task
 * type that declares a `review`. The decision is checked against that schema (an edited summary
 * only where it takes one) and sent as the `decision` update: the answer comes once the workflow
 * accepted it, and the workflow refuses one it does not wait for (the second of two racing
 * reviewers gets 409). The recorded reviewer is the caller; a submitter may not decide its own task
 * unless CONVEYOR_REVIEW_ALLOW_SELF allows it.
 */
export function taskReviewRoutes(app: ZodApp, ctx: ApiContext): void {
  app.post(
    '/tasks/:id/review',
    {
      config: { access: 'submit' },
      schema: {
        tags: ['tasks'],
        summary: 'Approve or reject a task awaiting review (a task type declaring a review step); the first decision wins, a later one is 409',
        params: taskIdParams,
        body: reviewRequest,
        response: { 200: reviewAnswer, ...errorResponses(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const loaded = await loadTask(ctx.client, request.params.id, request.principal, 'write');
      const id = loaded.taskId;
      const task = taskTypeOf(ctx.registry, loaded);
      const schema = task?.review;
      if (!task || !schema) {
        const type = task?.name ?? loaded.description.type;
        throw new ApiError(409, 'no_review_step', `task "${id}" (${type}) has no review step: its task type declares no review`);
      }
      if (loaded.description.status.name !== 'RUNNING') throw new ApiError(409, 'task_finished', `task "${id}" is no longer running`);
      assertNotOwnReview(ctx, loaded, request.principal);
      await assertAwaitingDecision(ctx.client, loaded, task);

      const { decision, comment, summary, reviewer: onBehalfOf } = request.body;
      const reviewer = request.principal.name;
      // Only the fields sent: a task type whose payload is strict refuses a key it does not take, even an empty one.
      const payload = schema.safeParse({
        approved: decision === 'approve',
        reviewer,
        ...(onBehalfOf === undefined ? {} : { on_behalf_of: onBehalfOf }),
        ...(comment === undefined ? {} : { comment }),
        ...(summary === undefined ? {} : { summary }),
      });
      if (!payload.success) {
        const fields = payload.error.issues.flatMap((issue) => {
          if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: `body.${BODY_FIELD[key] ?? key}`, message: `task type ${task.name} takes no ${BODY_FIELD[key] ?? key} in a review` }));
          return [{ field: ['body', ...issue.path.map((key) => BODY_FIELD[String(key)] ?? String(key))].join('.'), message: issue.message }];
        });
        throw new ApiError(422, 'invalid_review', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
      }
      const outcome = await sendDecision(ctx.client, loaded, payload.data);
      return reply.status(200).send({
        task_id: id,
        decision,
        reviewer: outcome.reviewer ?? reviewer,
        ...(outcome.on_behalf_of === undefined ? {} : { on_behalf_of: outcome.on_behalf_of }),
        update: decisionUpdate.name,
      });
    },
  );
}

/**
 * A review is someone else's look: a submitter deciding a task it submitted is 403 `self_review`
 * unless CONVEYOR_REVIEW_ALLOW_SELF is true. Admins always may (with CONVEYOR_AUTH=none everyone is the local admin).
 */
function assertNotOwnReview(ctx: ApiContext, loaded: LoadedTask, principal: Principal): void {
  if (principal.role === 'admin' || ctx.settings.api.reviewAllowSelf) return;
  if (loaded.description.typedSearchAttributes.get(SUBMITTER_ATTRIBUTE) !== principal.name) return;
  throw new ApiError(403, 'self_review', `task "${loaded.taskId}" was submitted by you (${principal.name}): someone else reviews it (CONVEYOR_REVIEW_ALLOW_SELF allows deciding your own)`);
}
