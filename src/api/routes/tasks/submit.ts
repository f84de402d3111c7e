import { SpanKind } from '@opentelemetry/api';
import { z } from 'zod';
import { QUEUE_NAME_PATTERN } from '../../../tasks/queues';
import { FAIRNESS_KEY_MAX_BYTES } from '../../../tasks/flow-keys';
import { PRIORITY_DEFAULT, PRIORITY_HIGHEST, PRIORITY_LOWEST } from '../../../tasks/priority';
import { shortTaskId } from '../../../temporal/tasks/task-view';
import { debounceOf, debounceSubmittedTask, startTask } from '../../../temporal/tasks/start-task';
import { startedTaskOutcome } from '../../../temporal/tasks/task-result';
import { sendStartedTask } from './started-answer';
import type { ApiContext, ZodApp } from '../../context';
import { requestDuration } from '../../schemas/duration';
import { errorResponses } from '../../schemas/error-body';
import { resultWait } from '../../schemas/result-wait';
import { debouncedAnswer, submitAnswer } from '../../schemas/submit';
import { ApiError } from '../../http/api-error';
import { TASK_ID_SPAN_ATTRIBUTE, TASK_NAME_SPAN_ATTRIBUTE } from '../../../contract/trace-attributes';
import { inRequestSpan } from '../../../tracing/in-span';
import { HOLDS_NUL, holdsNul, temporalIdString } from '../../../temporal/temporal-id';
import { LEGACY_PRIORITY_HIGHEST, LEGACY_PRIORITY_LOWEST, LEGACY_PRIORITY_NORMAL, readLegacyPriority } from '../../vocabulary/legacy-priority';

const MAX_DELAY_MS = 365 * 24 * 3600 * 1000;
/** Room left within Temporal's id limit for the submitter's scope before a chosen id. */
const MAX_CHOSEN_ID_BYTES = 400;
const MAX_IDEMPOTENCY_KEY_BYTES = 200;

/** A debounce window or its longest wait: at most a day (a window holds its submits in a workflow until it closes). */
const debounceWindow = requestDuration({ maxMs: 24 * 3600 * 1000, tooLong: 'must be seconds or a duration string, at most 1 day', seconds: true });

const submitBody = z
  .object({
    task_name: z.string().min(1).describe('A registered task type (GET /tasks/types)'),
    parameters: z.record(z.string(), z.unknown()).default({}).describe("The task's parameters, validated against its schema"),
    queue: z.string().regex(QUEUE_NAME_PATTERN).optional().describe("Overrides the task's default queue"),
    workflow_id: temporalIdString(MAX_CHOSEN_ID_BYTES)
      .refine((value) => !holdsNul(value), HOLDS_NUL)
      .optional()
      .describe(
        `Task id to use (at most ${MAX_CHOSEN_ID_BYTES} bytes); a repeat with the same body returns the same task. ` +
          "A submitter's ids are its own: the task's id is `<submitter>:<workflow_id>`, and the task answers to both",
      ),
    delay: requestDuration({ maxMs: MAX_DELAY_MS, tooLong: 'must be seconds or a duration string, at most 365 days', seconds: true }).optional().describe('Start later: seconds, or a duration such as "5m"'),
    priority: z
      .number()
      .int()
      .min(PRIORITY_HIGHEST)
      .max(PRIORITY_LOWEST)
      .optional()
      .describe(
        `Temporal's priority key: ${PRIORITY_HIGHEST} runs first, ${PRIORITY_LOWEST} last; without it, Temporal's default ${PRIORITY_DEFAULT}. ` +
          "A worker takes its queue's backlog in key order (first come, first served within a key); the task's activities inherit the key. " +
          `Under the legacy vocabulary it is read on the previous system's scale, ${LEGACY_PRIORITY_LOWEST}–${LEGACY_PRIORITY_HIGHEST}, higher first, ${LEGACY_PRIORITY_NORMAL} normal ` +
          '(0–1 → 5, 2–3 → 4, 4–6 → 3, 7–8 → 2, 9–10 → 1)',
      ),
    fairness_key: z
      .string()
      .min(1)
      .refine((value) => Buffer.byteLength(value) <= FAIRNESS_KEY_MAX_BYTES, `must be at most ${FAIRNESS_KEY_MAX_BYTES} bytes`)
      .optional()
      .describe(
        "Admins only: the fairness key to run under, instead of the task type's (its `fairnessKey`) or the submitter's name. " +
          "Each key takes its weighted share of the queue's workers (docs/flow-control.md)",
      ),
    debounce: z
      .union([
        debounceWindow,
        z.object({ window: debounceWindow, max_wait: debounceWindow.optional().describe('Start at the latest this long after the window\'s first submit') }).strict(),
      ])
      .optional()
      .describe(
        'Collapse this submit with the others of its type, submitter and key within this window: one run, with the last parameters, ' +
          'once the window passes without another submit (or `max_wait` after the first). "30s", or {"window": "30s", "max_wait": "5m"}. ' +
          "Answered 202 with the task id that will run. Without it, the task type's default",
      ),
    mode: z
      .enum(['start', 'singleton'])
      .optional()
      .describe(
        '`singleton`: while a task of this type with the same key runs, answer it (200, `existing: true`) instead of starting another; ' +
          "`start`: a new task now (also for a type that debounces its submits by default). Without it, the task type's defaults",
      ),
  })
  .strict();

/** POST /tasks and its alias POST /tasks/submit (the body existing clients send, and Conveyor's own fields). */
export function submitRoutes(app: ZodApp, ctx: ApiContext): void {
  const wait = resultWait(ctx.settings.api.maxResultWaitMs);
  for (const url of ['/tasks', '/tasks/submit']) {
    app.post(
      url,
      {
        config: { access: 'submit' },
        preValidation: readLegacyPriority,
        preHandler: ctx.rateLimits.submits,
        schema: {
          tags: ['tasks'],
          summary: url === '/tasks' ? 'Submit a task' : 'Submit a task (alias of POST /tasks)',
          querystring: z.object({
            wait: wait
              .optional()
              .describe(
                'Wait up to this long for the task to end, e.g. "30s" (at most the server maximum, as for GET /tasks/{id}/result): ' +
                  'the answer then carries its result, or how it failed, and its final status; without it, or if the task is still going, its status',
              ),
          }),
          headers: z.object({ 'idempotency-key': temporalIdString(MAX_IDEMPOTENCY_KEY_BYTES).optional() }),
          body: submitBody,
          response: { 200: submitAnswer, 201: submitAnswer, 202: debouncedAnswer, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 503) },
        },
      },
      async (request, reply) =>
        // The API's span of the task's trace (with tracing on): its workflow's and activities' spans join it.
        inRequestSpan(
          `POST ${url}`,
          request.headers,
          { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'POST', 'http.route': url, [TASK_NAME_SPAN_ATTRIBUTE]: request.body.task_name } },
          async (span) => {
            const body = request.body;
            const requested = body.debounce === undefined ? undefined : typeof body.debounce === 'number' ? { window: body.debounce } : { window: body.debounce.window, maxWait: body.debounce.max_wait };
            const debounce = debounceOf(ctx.registry.get(body.task_name), { debounce: requested, mode: body.mode });
            if (debounce) {
              if (request.query.wait !== undefined) throw new ApiError(400, 'invalid_request', 'wait: a debounced task starts when its window closes; follow it with GET /tasks/{id}/result?wait=', { fields: [{ field: 'querystring.wait', message: 'not with debounce' }] });
              const debounced = await debounceSubmittedTask(
                ctx.client,
                ctx.registry,
                { taskName: body.task_name, params: body.parameters, queue: body.queue, chosenId: body.workflow_id, idempotencyKey: request.headers['idempotency-key'], delayMs: body.delay, priority: body.priority, fairnessKey: body.fairness_key, mode: body.mode },
                request.principal,
                debounce,
              );
              span.setAttribute(TASK_ID_SPAN_ATTRIBUTE, debounced.taskId);
              void reply.header('location', `/tasks/${encodeURIComponent(debounced.taskId)}`);
              return reply.status(202).send({
                task_id: debounced.taskId,
                short_id: shortTaskId(debounced.taskId),
                task_name: debounced.taskName,
                queue: debounced.queue,
                status: 'queued' as const,
                wait_reason: 'debouncing' as const,
                runs_at: debounced.runsAt,
                submits: debounced.submits,
                submitter: debounced.submitter,
                priority: debounced.priority,
                fairness_key: debounced.fairnessKey,
              });
            }
            const started = await startTask(
              ctx.client,
              ctx.registry,
              {
                taskName: body.task_name,
                params: body.parameters,
                queue: body.queue,
                chosenId: body.workflow_id,
                idempotencyKey: request.headers['idempotency-key'],
                delayMs: body.delay,
                priority: body.priority,
                fairnessKey: body.fairness_key,
                mode: body.mode,
              },
              request.principal,
            );
            span.setAttribute(TASK_ID_SPAN_ATTRIBUTE, started.taskId);
            if (started.outcome === 'started') ctx.metrics.tasksSubmitted.inc({ task_name: started.taskName });
            const waitMs = request.query.wait ?? 0;
            const ended = waitMs > 0 ? await startedTaskOutcome(ctx.client, started.taskId, waitMs, ctx.closing) : { status: started.status };
            return sendStartedTask(reply, started, ended, {});
          },
        ),
    );
  }
}
