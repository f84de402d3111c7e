import { z } from 'zod';
import { principalReader } from '../auth';
import type { ApiContext, ZodApp } from '../context';
import { errorResponses } from '../error-body';

const meBody = z
  .object({
    auth: z.enum(['none', 'keys']).describe("The API's CONVEYOR_AUTH: with keys, other routes need credentials"),
    signed_in: z.boolean().describe('The request carried credentials the API accepts (always true with CONVEYOR_AUTH=none)'),
    name: z.string().nullable().describe('The caller: a key or user name; `anonymous` with CONVEYOR_AUTH=none; null when not signed in'),
    role: z.enum(['admin', 'submitter', 'viewer']).nullable(),
    namespace: z.string().describe('The Temporal namespace the tasks live in'),
    temporal_ui_url: z.string().nullable().describe('Base URL of the Temporal Web UI (CONVEYOR_TEMPORAL_UI_URL), null when unknown'),
  })
  .describe('Caller');

/**
 * GET /me: who the credentials name and what their role allows, so a client (the dashboard) offers
 * only what the API will accept, and where the Temporal Web UI shows a task's history. Public: a
 * caller without (valid) credentials learns only that it is not signed in, which every other
 * route's 401 says too.
 */
export function meRoutes(app: ZodApp, ctx: ApiContext): void {
  const principalOf = principalReader(ctx.settings.api);
  app.get(
    '/me',
    { config: { access: 'public' }, schema: { tags: ['system'], summary: 'The caller: signed in or not, name and role', security: [], response: { 200: meBody, ...errorResponses(400) } } },
    async (request) => {
      const principal = principalOf(request.headers.authorization);
      return {
        auth: ctx.settings.api.auth,
        signed_in: principal !== undefined,
        name: principal?.name ?? null,
        role: principal?.role ?? null,
        namespace: ctx.client.options.namespace,
        temporal_ui_url: ctx.settings.api.temporalUiUrl ?? null,
      };
    },
  );
}
