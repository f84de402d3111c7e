import type { ApiContext, ZodApp } from '../../context';
import { alertsAnswer, alertsQuery } from '../../schemas/alerts';
import { errorResponses } from '../../schemas/error-body';
import { listAlertDeliveries } from '../../../temporal/alerts/list-alerts';

/**
 * GET /alerts (admins): the latest webhook alert deliveries and how each went: delivered, still
 * being retried (its attempts and last error), or given up on. Alerts name every submitter's tasks.
 */
export function alertRoutes(app: ZodApp, ctx: ApiContext): void {
  app.get(
    '/alerts',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['workers'],
        summary: 'Webhook alert deliveries, newest first (admins)',
        querystring: alertsQuery,
        response: { 200: alertsAnswer, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request) => {
      const deliveries = await listAlertDeliveries(ctx.client, request.query.limit);
      return {
        alerts: deliveries.map((delivery) => ({
          alert_id: delivery.alertId,
          event: delivery.event,
          task_id: delivery.taskId,
          task_name: delivery.taskName,
          schedule_id: delivery.scheduleId,
          state: delivery.state,
          attempts: delivery.attempts,
          last_error: delivery.lastError,
          created_at: delivery.createdAt,
          delivered_at: delivery.deliveredAt,
        })),
      };
    },
  );
}
