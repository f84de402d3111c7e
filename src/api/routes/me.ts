import { z } from 'zod';
import type { ApiContext, ZodApp } from '../context';
import { errorResponses } from '../error-body';

const meBody = z
  .object({
    name: z.string().describe('The caller: a key or user name; `anonymous` with CONVEYOR_AUTH=none'),
    role: z.enum(['admin', 'submitter', 'viewer']),
    auth: z.enum(['none', 'keys']).describe("The API's CONVEYOR_AUTH"),
    namespace: z.string().describe('The Temporal namespace the tasks live in'),
    temporal_ui_url: z.string().nullable().describe('Base URL of the Temporal Web UI (CONVEYOR_TEMPORAL_UI_URL), null when unknown'),
  })
  .describe('Caller');

/**
 * GET /me: who the credentials name and what their role allows, so a client (the dashboard) offers
 * only what the API will accept; and where the Temporal Web UI shows the tasks' histories.
 */
export function meRoutes(app: ZodApp, ctx: ApiContext): void {
  app.get(
    '/me',
    { schema: { tags: ['system'], summary: 'The caller: name and role', response: { 200: meBody, ...errorResponses(401) } } },
    async (request) => ({
      name: request.principal.name,
      role: request.principal.role,
      auth: ctx.settings.api.auth,
      namespace: ctx.client.options.namespace,
      temporal_ui_url: ctx.settings.api.temporalUiUrl ?? null,
    }),
  );
}
