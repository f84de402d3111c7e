import { z } from 'zod';
import { QUEUE_NAME_PATTERN } from '../../../tasks/queues';
import { validateTaskRequest } from '../../../temporal/tasks/start-task';
import { createTaskSchedule, SCHEDULE_OVERLAPS } from '../../../temporal/schedules/task-schedule';
import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { filterValue } from '../../schemas/filter-value';
import { schedulePage, scheduleView } from '../../schemas/schedule';
import { scheduleIdParams } from '../../schemas/schedule-id';
import { loadSchedule } from '../../../temporal/schedules/load-schedule';
import { chosenScheduleId, scheduleIdString } from '../../../temporal/schedules/schedule-id';
import { listSchedules } from '../../../temporal/schedules/list-schedules';
import { currentScheduleView, describeSchedule } from '../../../temporal/schedules/schedule-view';

const MAX_CRON_EXPRESSIONS = 10;
const MAX_CRON_LENGTH = 200;
const MAX_LIST_LIMIT = 1000;

const cronExpression = z
  .string()
  .min(1)
  .max(MAX_CRON_LENGTH)
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');

/** POST /schedules's body; `taskNames` are the task types this API serves, named in the document. */
const createBody = (taskNames: string[]) =>
  z
    .object({
      task_name: z.string().min(1).describe(`The task type each run is: ${taskNames.join(', ')}`),
      schedule_id: scheduleIdString.describe(
        "The schedule's id, yours to choose. A submitter's ids are its own: the schedule's id is `<submitter>:<schedule_id>`, and it answers to both",
      ),
      cron: z
        .union([cronExpression, z.array(cronExpression).min(1).max(MAX_CRON_EXPRESSIONS)])
        .describe(
          `A cron expression (\`0 3 * * *\`: 5 fields, or 6 with a year, 7 with seconds first; \`@daily\`, \`@every 10m\`), or up to ${MAX_CRON_EXPRESSIONS} of them; ` +
            'times are UTC unless the expression starts with `CRON_TZ=<zone>`. Temporal reads them: one it cannot read is 400 with its reason',
        ),
      parameters: z.record(z.string(), z.unknown()).default({}).describe("Each run's parameters, validated against the task's schema now (422 naming each field)"),
      queue: z.string().regex(QUEUE_NAME_PATTERN).optional().describe("Overrides the task's default queue"),
      overlap: z
        .enum(SCHEDULE_OVERLAPS)
        .default('skip')
        .describe('A run due while the previous one still runs: skip it (default), buffer_one (run it once the previous ends; at most one waits), allow_all (run it at once)'),
      note: z.string().max(500).optional().describe('Shown with the schedule'),
      paused: z.boolean().default(false).describe('Create it paused: no run starts until it is resumed (a trigger still runs one)'),
    })
    .strict();

const listQuery = z
  .object({
    task_name: filterValue.optional().describe('Only schedules of this task type'),
    submitter: filterValue.optional().describe("Only this submitter's schedules (a submitter sees only its own anyway)"),
    limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(100).describe(`Schedules to answer, 1 to ${MAX_LIST_LIMIT}`),
  })
  .strict();

/** POST /schedules, GET /schedules, GET /schedules/{id}: Temporal Schedules that start tasks. */
export function scheduleRoutes(app: ZodApp, ctx: ApiContext): void {
  const taskNames = ctx.registry.list().map((task) => task.name);

  app.post(
    '/schedules',
    {
      config: { access: 'submit' },
      preHandler: ctx.rateLimits.scheduleCreations,
      schema: {
        tags: ['schedules'],
        summary: 'Create a schedule that submits a task on cron times',
        description:
          'A Temporal Schedule whose every run is an ordinary task (GET /tasks, with its `schedule_id`), submitted in your name. ' +
          'Unknown task: 400 with the known types; bad parameters: 422 naming each field; a cron expression Temporal cannot read: 400 `invalid_cron`; a taken id: 409 `schedule_exists`.',
        body: createBody(taskNames),
        response: { 201: scheduleView, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 503) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const valid = validateTaskRequest(ctx.registry, { taskName: body.task_name, params: body.parameters, queue: body.queue });
      const scheduleId = chosenScheduleId(request.principal, body.schedule_id);
      const cron = typeof body.cron === 'string' ? [body.cron] : body.cron;
      const handle = await createTaskSchedule(ctx.client, valid, {
        scheduleId,
        cron,
        overlap: body.overlap,
        submitter: request.principal.name,
        note: body.note,
        paused: body.paused,
      });
      void reply.header('location', `/schedules/${encodeURIComponent(scheduleId)}`);
      return reply.status(201).send(await currentScheduleView(ctx.client, handle));
    },
  );

  app.get(
    '/schedules',
    {
      schema: {
        tags: ['schedules'],
        summary: 'List schedules',
        description: "Conveyor's schedules, from Temporal's list of schedules (eventually consistent: one created a moment ago may be missing). A submitter sees its own only.",
        querystring: listQuery,
        response: { 200: schedulePage, ...errorResponses(400, 401, 503) },
      },
    },
    async (request): Promise<z.infer<typeof schedulePage>> => {
      const q = request.query;
      const { schedules, hasMore } = await listSchedules(ctx.client, request.principal, { taskName: q.task_name, submitter: q.submitter, limit: q.limit });
      return { schedules, has_more: hasMore };
    },
  );

  app.get(
    '/schedules/:id',
    {
      schema: {
        tags: ['schedules'],
        summary: 'A schedule: its task, cron, overlap, paused state, next run times and recent runs',
        params: scheduleIdParams,
        response: { 200: scheduleView, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => describeSchedule(ctx.client, (await loadSchedule(ctx.client, request.params.id, request.principal, 'read')).description),
  );
}
