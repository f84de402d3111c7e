import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import { QUEUE_NAME_PATTERN } from '../../../tasks/queues';
import { TASK_STATUSES } from '../../../tasks/status';
import { effectivePriority, PRIORITY_DEFAULT, PRIORITY_HIGHEST, PRIORITY_LOWEST } from '../../../tasks/priority';
import { QUEUE_ATTRIBUTE, TASK_NAME_ATTRIBUTE } from '../../../contract/search-attributes';
import { shortTaskId, statusOf, taskView } from '../../../temporal/tasks/task-view';
import { REQUEST_HASH_MEMO, startValidTask, validateTaskRequest } from '../../../temporal/tasks/start-task';
import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { durationMs } from '../../../duration';
import { DURATION_PATTERN, DURATION_PATTERN_MESSAGE } from '../../duration';
import { ApiError } from '../../http/api-error';
import { chosenTaskId } from '../../../temporal/tasks/task-id-scope';
import { HOLDS_NUL, holdsNul, temporalIdString } from '../../../temporal/temporal-id';
import { LEGACY_PRIORITY_HIGHEST, LEGACY_PRIORITY_LOWEST, LEGACY_PRIORITY_NORMAL, readLegacyPriority } from '../../vocabulary/legacy-priority';

const MAX_DELAY_MS = 365 * 24 * 3600 * 1000;
/** Room left within Temporal's id limit for the submitter's scope before a chosen id. */
const MAX_CHOSEN_ID_BYTES = 400;
const MAX_IDEMPOTENCY_KEY_BYTES = 200;

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
    delay: z.union([z.number().min(0), z.string().regex(DURATION_PATTERN, DURATION_PATTERN_MESSAGE)]).optional().describe('Start later: seconds, or a duration such as "5m"'),
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
  })
  .strict();

const submitted = z.object({
  task_id: z.string(),
  short_id: z.string(),
  run_id: z.string(),
  task_name: z.string(),
  queue: z.string(),
  status: z.enum(TASK_STATUSES),
  submitter: z.string(),
  start_delay_ms: z.number(),
  priority: taskView.shape.priority,
});

/** POST /tasks and its alias POST /tasks/submit (the body existing clients send). */
export function submitRoutes(app: ZodApp, ctx: ApiContext): void {
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
          headers: z.object({ 'idempotency-key': temporalIdString(MAX_IDEMPOTENCY_KEY_BYTES).optional() }),
          body: submitBody,
          response: { 200: submitted, 201: submitted, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 503) },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const valid = validateTaskRequest(ctx.registry, { taskName: body.task_name, params: body.parameters, queue: body.queue });
        const { task, params, queue } = valid;
        const delayMs = parseDelay(body.delay);
        const submitter = request.principal.name;
        const key = request.headers['idempotency-key'];
        // The submitter is part of the request, and of a submitter's chosen id or key: another client reusing an id or key never meets this task.
        const priority = body.priority;
        // A priority left out adds nothing to the hash: requests from before priorities existed keep theirs.
        const requestHash = hash(JSON.stringify({ submitter, task_name: task.name, params, queue, delayMs, priority }));
        const chosen = body.workflow_id === undefined ? undefined : chosenTaskId(request.principal, body.workflow_id);
        const taskId = chosen ?? (key ? idempotencyKeyTaskId(submitter, key) : undefined);
        const idempotent = taskId !== undefined;

        try {
          const started = await startValidTask(ctx.client, valid, {
            taskId,
            submitter,
            delay: delayMs || undefined,
            priority,
            idempotency: idempotent ? { requestHash } : undefined,
          });
          ctx.metrics.tasksSubmitted.inc({ task_name: task.name });
          void reply.header('location', `/tasks/${encodeURIComponent(started.taskId)}`);
          return reply.status(201).send({
            task_id: started.taskId,
            short_id: shortTaskId(started.taskId),
            run_id: started.runId,
            task_name: task.name,
            queue,
            status: 'queued' as const,
            submitter,
            start_delay_ms: delayMs,
            priority: priority ?? PRIORITY_DEFAULT,
          });
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError) || !taskId) throw error;
          const existing = await sameRequestTask(ctx, taskId, requestHash, { submitter, delayMs });
          void reply.header('location', `/tasks/${encodeURIComponent(taskId)}`);
          return reply.status(200).send(existing);
        }
      },
    );
  }
}

/**
 * The task id an `Idempotency-Key` stands for. It depends on the submitter and the key only, not on
 * the task name, queue, delay or priority: a repeat that changes any of them meets the same id, so
 * Temporal refuses a second start and the request hash tells it apart (409). Keys are scoped to
 * their submitter: one client's key never finds another's task. The id ends in the hash, so two
 * keys never share the short id.
 */
function idempotencyKeyTaskId(submitter: string, key: string): string {
  return `idempotency-${hash(`${submitter}\0${key}`).slice(0, 32)}`;
}

/** A repeated idempotent submit: the same request gets the same task; a different one, 409. */
async function sameRequestTask(
  ctx: ApiContext,
  taskId: string,
  requestHash: string,
  request: { submitter: string; delayMs: number },
): Promise<z.infer<typeof submitted>> {
  const description = await ctx.client.workflow.getHandle(taskId).describe();
  const memo = (description.memo ?? {}) as Record<string, unknown>;
  if (memo[REQUEST_HASH_MEMO] !== requestHash) {
    throw new ApiError(409, 'idempotency_conflict', `task "${taskId}" exists and was submitted with a different request`);
  }
  return {
    task_id: taskId,
    short_id: shortTaskId(taskId),
    run_id: description.runId,
    task_name: description.typedSearchAttributes.get(TASK_NAME_ATTRIBUTE) ?? description.type,
    queue: description.typedSearchAttributes.get(QUEUE_ATTRIBUTE) ?? description.taskQueue,
    status: statusOf(description),
    submitter: request.submitter,
    // The hash covers the delay: the request that started this task asked for this same delay.
    start_delay_ms: request.delayMs,
    priority: effectivePriority(description.raw.workflowExecutionInfo?.priority),
  };
}

function parseDelay(delay: number | string | undefined): number {
  if (delay === undefined) return 0;
  let ms: number;
  try {
    ms = durationMs(delay);
  } catch {
    ms = NaN;
  }
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_DELAY_MS) {
    throw new ApiError(400, 'invalid_request', `delay: "${delay}" is not a duration of at most 365 days (seconds, or e.g. "30s", "5m")`, {
      fields: [{ field: 'body.delay', message: 'must be seconds or a duration string, at most 365 days' }],
    });
  }
  return ms;
}

function hash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
