import { z } from 'zod';

/** GET /me: who the credentials name and what their role allows. */
export const callerAnswer = z
  .object({
    auth: z.enum(['none', 'keys']).describe("The API's CONVEYOR_AUTH: with keys, other routes need credentials"),
    signed_in: z.boolean().describe('The request carried credentials the API accepts (always true with CONVEYOR_AUTH=none)'),
    name: z.string().nullable().describe('The caller: a key or user name; `anonymous` with CONVEYOR_AUTH=none; null when not signed in'),
    role: z.enum(['admin', 'submitter', 'viewer']).nullable(),
    namespace: z.string().nullable().describe('The Temporal namespace the tasks live in; null when not signed in'),
    temporal_ui_url: z.string().nullable().describe('Base URL of the Temporal Web UI (CONVEYOR_TEMPORAL_UI_URL); null when unknown or not signed in'),
  })
  .describe('Caller');
