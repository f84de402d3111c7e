import { Client, Connection } from '@temporalio/client';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app';
import type { ZodApp } from '../../src/api/context';
import { loadSettings } from '../../src/config';
import { createLogger } from '../../src/log';
import type { TaskRegistry } from '../../src/tasks/registry';
import { examplesProject } from '../helpers/examples';
import { cronCandidates } from '../helpers/cron-candidates';
import { temporalReadsCron } from '../helpers/temporal-cron-rules';

type Schema = OpenAPIV3.SchemaObject;
type Reference = OpenAPIV3.ReferenceObject;

/** POST /schedules's body in the document, with its references followed. */
function readScheduleContract(document: OpenAPIV3.Document) {
  const schemas = document.components?.schemas ?? {};
  const resolve = (schema: Schema | Reference | undefined): Schema => {
    const found = schema && '$ref' in schema ? schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
    if (!found || '$ref' in found) throw new Error('a reference to no component');
    return found;
  };
  const bodyOf = (path: string) => (document.paths[path]?.post?.requestBody as OpenAPIV3.RequestBodyObject).content['application/json']?.schema;
  const union = resolve(bodyOf('/schedules'));
  const submitUnion = resolve(bodyOf('/tasks'));
  const variant = (taskName: string): Schema => resolve({ $ref: union.discriminator?.mapping?.[taskName] ?? `no variant for ${taskName}` });
  const submitVariant = (taskName: string): Schema => resolve({ $ref: submitUnion.discriminator?.mapping?.[taskName] ?? `no submit variant for ${taskName}` });
  return { resolve, union, variant, submitVariant };
}

describe("POST /schedules's body in the OpenAPI document", () => {
  let registry: TaskRegistry;
  let app: ZodApp;
  let contract: ReturnType<typeof readScheduleContract>;

  beforeAll(async () => {
    registry = (await examplesProject()).registry;
    // No rate limit in the way of the requests below; a client that never connects (none of them reaches Temporal).
    const settings = loadSettings({ CONVEYOR_LOG_LEVEL: 'fatal', CONVEYOR_SCHEDULE_RATE_LIMIT: '1000000' });
    const nowhere = new Client({ connection: Connection.lazy({ address: '127.0.0.1:9' }) });
    app = await buildApp({ client: nowhere, registry, settings, log: createLogger('openapi-schedules-test', settings.log) });
    contract = readScheduleContract((await app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenAPIV3.Document>());
  });
  afterAll(() => app?.close());

  it("is a union discriminated by task_name, one variant per task type with that task's parameters, as POST /tasks's", () => {
    const taskNames = registry.list().map((task) => task.name);
    expect(contract.union.discriminator?.propertyName).toBe('task_name');
    expect(Object.keys(contract.union.discriminator?.mapping ?? {})).toEqual(taskNames);
    expect(contract.union.oneOf).toEqual(taskNames.map((name) => ({ $ref: contract.union.discriminator?.mapping?.[name] })));
    for (const task of registry.list()) {
      const variant = contract.variant(task.name);
      const parameters = variant.properties?.parameters as Reference;
      expect(variant.properties?.task_name, task.name).toMatchObject({ type: 'string', enum: [task.name] });
      // The very component POST /tasks's variant names: one schema per task, in both operations.
      expect(parameters, task.name).toEqual(contract.submitVariant(task.name).properties?.parameters);
      expect(parameters.$ref, task.name).toMatch(/\.Parameters$/);
      expect(variant.required, task.name).toEqual(expect.arrayContaining(['task_name', 'schedule_id', 'cron']));
      expect(variant.required?.includes('parameters'), task.name).toBe(!task.input.safeParse({}).success);
      // The schedule's own fields, as the route takes them.
      expect(Object.keys(variant.properties ?? {}).sort(), task.name).toEqual(['cron', 'note', 'overlap', 'parameters', 'paused', 'queue', 'schedule_id', 'task_name']);
      expect(variant.additionalProperties, task.name).toBe(false);
    }
  });

  it('describes cron with a pattern, in a single expression and in a list, and says what else the API takes', () => {
    const cron = contract.variant(registry.list()[0]!.name).properties?.cron as Schema;
    const [single, list] = (cron.anyOf ?? []) as [Reference, OpenAPIV3.ArraySchemaObject];
    const expression = contract.resolve(single);
    expect(expression).toMatchObject({ type: 'string', maxLength: 200 });
    expect(expression.pattern).toMatch(/^\^.*\$$/);
    expect(list).toMatchObject({ type: 'array', minItems: 1, maxItems: 10, items: single });
    const pattern = new RegExp(expression.pattern ?? 'no pattern');
    for (const example of ['0 3 * * *', '*/15 9-17 * * 1-5']) {
      expect(expression.description).toContain(`\`${example}\``);
      expect(pattern.test(example), example).toBe(true);
    }
    // What the pattern leaves out, and the API takes too, the description names.
    for (const other of ['@daily', '@every', 'CRON_TZ', 'names', 'seconds']) expect(expression.description).toContain(other);
    expect(pattern.test('@daily')).toBe(false);
  });

  it('documents a cron pattern every match of which the route takes and Temporal reads: edge values, ranges, steps and lists per field', async () => {
    const cron = contract.variant(registry.list()[0]!.name).properties?.cron as Schema;
    const pattern = new RegExp(contract.resolve((cron.anyOf ?? [])[0]).pattern ?? 'no pattern');
    const matching = cronCandidates().filter((expression) => pattern.test(expression));
    // The pattern keeps a good sample: each field's edges, `*`, its steps and its lists.
    expect(matching.length).toBeGreaterThan(500);
    for (const expected of ['0 * * * *', '59 * * * *', '* 23 * * *', '* * 1 * *', '* * 31 * *', '* * * 12 *', '* * * * 7', '*/99 * * * *', '0-59/2 * * * *', '* * * * 0-7']) {
      expect(matching, expected).toContain(expected);
    }
    for (const expression of matching) expect(temporalReadsCron(expression), expression).toBe(true);

    // The route takes each one: its body check passes, and the unknown task below is what it refuses,
    // before anything reaches Temporal. A list of them too.
    const refusals = new Map<string, number>();
    for (const cron of [...matching, matching.slice(0, 10)]) {
      const answer = await app.inject({ method: 'POST', url: '/schedules', payload: { task_name: 'no_such_task', schedule_id: 'nightly', cron } });
      const code = `${answer.statusCode} ${answer.json<{ error?: { code?: string } }>().error?.code ?? answer.body}`;
      refusals.set(code, (refusals.get(code) ?? 0) + 1);
    }
    expect(Object.fromEntries(refusals)).toEqual({ '400 unknown_task': matching.length + 1 });
  });
});
