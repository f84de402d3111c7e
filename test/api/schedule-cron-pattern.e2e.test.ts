import { randomUUID } from 'node:crypto';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, describe, expect, it } from 'vitest';
import { useApi, type ApiBody } from '../helpers/api-harness';
import { cronCandidates } from '../helpers/cron-candidates';
import { temporalReadsCron } from '../helpers/temporal-cron-rules';
import { sharedServerEnv } from '../helpers/temporal';

/** Expressions a schedule takes at once (the API's limit). */
const EXPRESSIONS_PER_SCHEDULE = 10;

/** The pattern POST /schedules's body gives each cron expression, read from the API's own document. */
function documentedCronPattern(document: OpenAPIV3.Document): RegExp {
  const schemas = document.components?.schemas ?? {};
  const resolve = (schema: OpenAPIV3.SchemaObject | OpenAPIV3.ReferenceObject | undefined): OpenAPIV3.SchemaObject => {
    const found = schema && '$ref' in schema ? schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
    if (!found || '$ref' in found) throw new Error('a reference to no component');
    return found;
  };
  const body = (document.paths['/schedules']?.post?.requestBody as OpenAPIV3.RequestBodyObject).content['application/json']?.schema;
  const cron = resolve(resolve(body).oneOf?.[0]).properties?.cron as OpenAPIV3.SchemaObject;
  return new RegExp(resolve(cron.anyOf?.[0]).pattern ?? 'no pattern');
}

/**
 * The cron pattern the OpenAPI document gives, against Temporal itself: every expression of a
 * sample of edge values, ranges, steps and lists that the pattern matches makes a schedule
 * (paused, so none runs); and Temporal refuses what the test's reading of its rules refuses.
 */
describe("the document's cron pattern, against Temporal", () => {
  const harness = useApi({ ...sharedServerEnv(), CONVEYOR_SCHEDULE_RATE_LIMIT: '1000000' });
  const created = new Set<string>();
  afterAll(async () => {
    await Promise.allSettled([...created].map((id) => harness.client.schedule.getHandle(id).delete()));
  });

  const create = (cron: string | string[]) =>
    harness.api.call<ApiBody & { schedule_id: string }>('POST', '/schedules', { body: { task_name: 'noop', schedule_id: `cron-pattern-${randomUUID().slice(0, 8)}`, cron, paused: true } });

  it('creates a schedule for every expression of the sample the pattern matches', async () => {
    const pattern = documentedCronPattern((await harness.api.call<OpenAPIV3.Document>('GET', '/openapi.json')).body);
    const matching = cronCandidates().filter((expression) => pattern.test(expression));
    expect(matching.length).toBeGreaterThan(500);
    for (let start = 0; start < matching.length; start += EXPRESSIONS_PER_SCHEDULE) {
      const cron = matching.slice(start, start + EXPRESSIONS_PER_SCHEDULE);
      const answer = await create(cron);
      if (answer.status === 201) created.add(answer.body.schedule_id);
      expect(answer.status, `${cron.join(' | ')}: ${JSON.stringify(answer.body)}`).toBe(201);
    }
  });

  it("refuses what the tests' reading of Temporal's rules refuses, and the pattern leaves out", async () => {
    for (const cron of ['5-3 * * * *', '*/0 * * * *', '0 24 * * *', '* * 0 * *', '* * * * 8']) {
      expect(temporalReadsCron(cron), cron).toBe(false);
      const answer = await create(cron);
      if (answer.status === 201) created.add(answer.body.schedule_id);
      expect(answer.status, cron).toBe(400);
      expect(answer.body, cron).toMatchObject({ error: { code: 'invalid_cron' } });
    }
  });
});
