import { callerOf } from '../../http/auth/authenticate';
import type { ApiContext, ZodApp } from '../../context';
import { callerAnswer } from '../../schemas/caller';
import { errorResponses } from '../../schemas/error-body';

/**
 * GET /me: who the credentials name and what their role allows, so a client (the dashboard) offers
 * only what the API will accept, and where the Temporal Web UI shows a task's history. Without
 * credentials it answers only that the caller is not signed in (a sign-in page needs no more);
 * wrong credentials are a 401, and count towards the sign-in limit, as on every other route.
 */
export function meRoutes(app: ZodApp, ctx: ApiContext): void {
  app.get(
    '/me',
    {
      config: { access: 'identify' },
      schema: {
        tags: ['system'],
        summary: 'The caller: signed in or not, name and role',
        // Credentials optional: the empty requirement is "none".
        security: [{}, { bearer: [] }, { basic: [] }],
        response: { 200: callerAnswer, ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const principal = callerOf(request);
      if (!principal) return { auth: ctx.settings.api.auth, signed_in: false, name: null, role: null, namespace: null, temporal_ui_url: null };
      return {
        auth: ctx.settings.api.auth,
        signed_in: true,
        name: principal.name,
        role: principal.role,
        namespace: ctx.client.options.namespace,
        temporal_ui_url: ctx.settings.api.temporalUiUrl ?? null,
      };
    },
  );
}
