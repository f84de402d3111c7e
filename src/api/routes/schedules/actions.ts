import type { ApiContext, ZodApp } from '../../context';
import { errorResponses } from '../../schemas/error-body';
import { scheduleActionAnswer, scheduleView } from '../../schemas/schedule';
import { scheduleIdParams } from '../../schemas/schedule-id';
import { loadSchedule } from '../../../temporal/schedules/load-schedule';
import { deleteSchedule, setSchedulePaused, triggerSchedule } from '../../../temporal/schedules/schedule-actions';

const ERRORS = errorResponses(400, 401, 403, 404, 503);

/**
 * Pause, resume, trigger and delete a schedule: Temporal's own operations on it, for its submitter
 * and admins (another submitter's schedule is 404, a viewer's request 403).
 */
export function scheduleActionRoutes(app: ZodApp, ctx: ApiContext): void {
  for (const { verb, summary } of [
    { verb: 'pause', summary: 'Pause a schedule: no run starts until it is resumed (runs under way go on)' },
    { verb: 'resume', summary: 'Resume a paused schedule: its next run is the next cron time' },
  ] as const) {
    app.post(
      `/schedules/:id/${verb}`,
      { config: { access: 'submit' }, schema: { tags: ['schedules'], summary, params: scheduleIdParams, response: { 200: scheduleView, ...ERRORS } } },
      async (request) => {
        const loaded = await loadSchedule(ctx.client, request.params.id, request.principal, 'write');
        return await setSchedulePaused(ctx.client, loaded, request.principal, verb === 'pause');
      },
    );
  }

  app.post(
    '/schedules/:id/trigger',
    {
      config: { access: 'submit' },
      schema: {
        tags: ['schedules'],
        summary: 'Start a run now, paused or not',
        description:
          "Temporal starts the run within a moment; it then shows in the schedule's `recent_runs` and in GET /tasks?schedule_id=. " +
          "The schedule's overlap policy applies: with `skip`, a trigger while a run is still going starts nothing.",
        params: scheduleIdParams,
        response: { 202: scheduleActionAnswer, ...ERRORS },
      },
    },
    async (request, reply) => {
      const loaded = await loadSchedule(ctx.client, request.params.id, request.principal, 'write');
      await triggerSchedule(loaded);
      return reply.status(202).send({ schedule_id: loaded.scheduleId, action: 'trigger_requested' as const });
    },
  );

  app.delete(
    '/schedules/:id',
    {
      config: { access: 'submit' },
      schema: {
        tags: ['schedules'],
        summary: 'Delete a schedule (runs under way go on, as tasks)',
        params: scheduleIdParams,
        response: { 200: scheduleActionAnswer, ...ERRORS },
      },
    },
    async (request) => {
      const loaded = await loadSchedule(ctx.client, request.params.id, request.principal, 'write');
      await deleteSchedule(loaded);
      return { schedule_id: loaded.scheduleId, action: 'deleted' as const };
    },
  );
}
