import { Client } from '@temporalio/client';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../src/api/app';
import type { ZodApp } from '../../src/api/context';
import { loadSettings } from '../../src/config';
import { defineTask } from '../../src/index';
import { createLogger } from '../../src/log';
import { createRegistry, type TaskRegistry } from '../../src/tasks/registry';
import { examplesProject } from '../helpers/examples';

type Schema = OpenAPIV3.SchemaObject;

/**
 * The Task API built over `registry`, never listening. Its Temporal client connects lazily, on a
 * first call no test here makes: the document and the docs page come from the registry alone.
 */
async function documentedApp(registry: TaskRegistry): Promise<ZodApp> {
  const settings = loadSettings({ CONVEYOR_LOG_LEVEL: 'warn' });
  return buildApp({ client: new Client(), registry, settings, log: createLogger('openapi-test', settings.log) });
}

async function getJson<T>(app: ZodApp, url: string): Promise<T> {
  const answer = await app.inject({ method: 'GET', url });
  expect(answer.statusCode, `GET ${url}`).toBe(200);
  return answer.json<T>();
}

/** What the task contract of a document says, read by following its references. */
function readContract(document: OpenAPIV3.Document) {
  const schemas = document.components?.schemas ?? {};
  const resolve = (schema: Schema | OpenAPIV3.ReferenceObject | undefined): Schema => {
    if (schema && '$ref' in schema) return resolve(schemas[schema.$ref.replace('#/components/schemas/', '')]);
    if (!schema) throw new Error('a reference to no component');
    return schema;
  };
  const submitMedia = (path: string) => (document.paths[path]?.post?.requestBody as OpenAPIV3.RequestBodyObject).content['application/json']!;
  const union = resolve(submitMedia('/tasks').schema);
  const variant = (taskName: string): Schema => resolve({ $ref: union.discriminator?.mapping?.[taskName] ?? `no variant for ${taskName}` });
  const resultAnswer = document.paths['/tasks/{id}/result']?.get?.responses['200'] as OpenAPIV3.ResponseObject;
  const resultProperty = resolve(resultAnswer.content?.['application/json']?.schema).properties?.result as Schema;
  return { schemas, resolve, submitMedia, union, variant, resultProperty };
}

/** Every `$ref` in `value`, wherever it sits (discriminator mappings too). */
function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    if (key === '$ref' && typeof child === 'string') return [child];
    if (key === 'mapping' && typeof child === 'object' && child !== null) return Object.values(child).map(String);
    return referencesIn(child);
  });
}

const propertyNames = (schema: { properties?: object } | null | undefined): string[] => Object.keys(schema?.properties ?? {}).sort();

describe('the OpenAPI document of the examples project', () => {
  let registry: TaskRegistry;
  let app: ZodApp;
  let document: OpenAPIV3.Document;
  let contract: ReturnType<typeof readContract>;

  beforeAll(async () => {
    registry = (await examplesProject()).registry;
    app = await documentedApp(registry);
    document = await getJson<OpenAPIV3.Document>(app, '/openapi.json');
    contract = readContract(document);
  });

  afterAll(async () => {
    await app?.close();
  });

  /**
   * The examples' task names, which several tests check one by one: some of them asserted first,
   * so none of those tests passes over an empty list (not all of them, as examples come and go).
   */
  const taskNames = (): string[] => {
    const names = registry.list().map((task) => task.name);
    expect(names).toEqual(expect.arrayContaining(['example_long_running', 'example_data_processing', 'booking_saga', 'noop']));
    return names;
  };

  it('is an OpenAPI 3.0 document whose every reference names a component, each named as OpenAPI allows', () => {
    expect(document.openapi).toMatch(/^3\.0\./);
    const names = Object.keys(contract.schemas);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
    const references = referencesIn(document);
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(names, reference).toContain(reference.replace('#/components/schemas/', ''));
  });

  it('documents GET /tasks: every status word the old clients send, offset and limit with their bounds, and the page fields', () => {
    const operation = document.paths['/tasks']?.get;
    const parameter = (name: string) => operation?.parameters?.find((p) => 'name' in p && p.name === name) as OpenAPIV3.ParameterObject | undefined;
    const status = parameter('status')?.description ?? '';
    for (const word of ['PENDING', 'STARTED', 'SUCCESS', 'FINISHED', 'FAILURE', 'FAILED', 'RETRY', 'REVOKED', 'CANCELLED']) expect(status, word).toContain(word);
    expect(status).toMatch(/RETRY[^.]*activity past its first attempt/);
    expect(status).toContain('at most 500 (CONVEYOR_LIST_MAX_DESCRIBES');
    expect(parameter('offset')?.schema).toMatchObject({ minimum: 0, maximum: 10000 });
    expect(parameter('offset')?.description).toMatch(/cursor/);
    expect(parameter('limit')?.schema).toMatchObject({ minimum: 1, maximum: 1000 });
    const page = contract.resolve((operation?.responses['200'] as OpenAPIV3.ResponseObject).content?.['application/json']?.schema);
    expect(propertyNames(page)).toEqual(['has_more', 'limit', 'next_cursor', 'offset', 'tasks', 'total']);
  });

  it('says in its introduction how to get the previous task system’s words, and which old fields each task then carries', () => {
    const description = document.info.description ?? '';
    expect(description).toContain('CONVEYOR_API_VOCABULARY=legacy');
    expect(description).toContain('Conveyor-Vocabulary');
    for (const field of ['status_display', 'short_task_id', 'completed_at', 'date_done', 'has_result', 'has_error', 'error', 'kwargs', 'worker', 'retries']) {
      expect(description, field).toContain(`\`${field}\``);
    }
    for (const word of ['queued', 'started', 'finished', 'failed', 'cancelled']) expect(description, word).toContain(word);
  });

  it('describes a task’s answer under the legacy vocabulary too: the old status words and the old fields, each optional', () => {
    const taskOf = (path: string, method: 'get' | 'post', status: string) =>
      contract.resolve(((document.paths[path]?.[method]?.responses[status] as OpenAPIV3.ResponseObject).content?.['application/json']?.schema));
    for (const schema of [taskOf('/tasks/{id}', 'get', '200'), taskOf('/tasks', 'post', '201'), taskOf('/tasks/{id}/result', 'get', '200')]) {
      expect((schema.properties?.status as Schema).enum).toEqual(expect.arrayContaining(['completed', 'finished', 'started']));
      expect(propertyNames(schema)).toEqual(expect.arrayContaining(['status_display', 'has_error', 'error']));
      for (const legacy of ['status_display', 'has_error', 'error']) expect(schema.required ?? [], legacy).not.toContain(legacy);
    }
    expect(propertyNames(taskOf('/tasks/{id}', 'get', '200'))).toEqual(expect.arrayContaining(['short_task_id', 'completed_at', 'date_done', 'has_result', 'kwargs', 'worker', 'retries']));
    const row = contract.resolve((contract.resolve(((document.paths['/tasks']?.get?.responses['200'] as OpenAPIV3.ResponseObject).content?.['application/json']?.schema)).properties?.tasks as Schema & { items: Schema }).items);
    expect(propertyNames(row)).toEqual(expect.arrayContaining(['short_task_id', 'completed_at', 'has_result', 'worker', 'retries']));
  });

  describe('its answers and parameters, as strict as the server', () => {
    const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
    /** Every operation of the document; the tests check each, so some of each sort are asserted there first. */
    const operations = () => {
      const all = Object.entries(document.paths).flatMap(([path, item]) =>
        METHODS.flatMap((method) => (item?.[method] ? [{ name: `${method.toUpperCase()} ${path}`, method, operation: item[method] }] : [])),
      );
      // A read, writes with a body and without, routes on a task and a schedule, a stream, metrics.
      expect(all.map(({ name }) => name)).toEqual(
        expect.arrayContaining(['GET /tasks', 'POST /tasks', 'GET /tasks/{id}', 'DELETE /tasks/{id}', 'POST /tasks/{id}/cancel', 'POST /schedules/{id}/pause', 'GET /tasks/{id}/events', 'GET /metrics']),
      );
      return all;
    };
    const parameterOf = (operation: OpenAPIV3.OperationObject | undefined, name: string) =>
      operation?.parameters?.find((p) => 'name' in p && p.name === name) as OpenAPIV3.ParameterObject | undefined;
    const patternOf = (schema: unknown): RegExp => new RegExp((schema as Schema).pattern ?? 'no pattern');

    it('answers every error as JSON in the one error shape, on every operation (event streams and metrics too)', () => {
      const errorSchema = contract.resolve({ $ref: '#/components/schemas/Error' });
      expect(propertyNames(errorSchema)).toEqual(['error']);
      for (const { name, operation } of operations()) {
        const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
        expect(errors.length, name).toBeGreaterThan(0);
        for (const [status, answer] of errors) {
          expect(Object.keys((answer as OpenAPIV3.ResponseObject).content ?? {}), `${name} ${status}`).toEqual(['application/json']);
          expect((answer as OpenAPIV3.ResponseObject).content?.['application/json']?.schema, `${name} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
        }
      }
    });

    it('declares the 4xx each route can answer: 400 everywhere (the Conveyor-Vocabulary header, in its enum), 413 and 415 wherever a body may come, 404 on a task', () => {
      for (const { name, method, operation } of operations()) {
        expect(Object.keys(operation.responses), name).toContain('400');
        expect(parameterOf(operation, 'conveyor-vocabulary'), name).toMatchObject({ in: 'header', schema: { enum: ['conveyor', 'legacy'] } });
        if (method !== 'get') expect(Object.keys(operation.responses), name).toEqual(expect.arrayContaining(['413', '415']));
        if (name.includes('{id}')) expect(Object.keys(operation.responses), name).toEqual(expect.arrayContaining(['400', '401', '404']));
      }
      for (const path of ['/tasks/{id}', '/tasks/{id}/status', '/tasks/{id}/queries/{name}']) expect(Object.keys(document.paths[path]?.get?.responses ?? {}), path).toContain('400');
      expect(Object.keys(document.paths['/metrics']?.get?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '403']));
      expect(Object.keys(document.paths['/workers']?.get?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    });

    it.each(['/tasks/{id}/events', '/tasks/events'])('declares %s a 200 text/event-stream, its errors JSON', (path) => {
      const responses = document.paths[path]?.get?.responses ?? {};
      expect(Object.keys((responses['200'] as OpenAPIV3.ResponseObject).content ?? {})).toEqual(['text/event-stream']);
      if (path.includes('{id}')) expect(Object.keys((responses['404'] as OpenAPIV3.ResponseObject).content ?? {})).toEqual(['application/json']);
    });

    it('gives wait, delay and cursor the patterns the server checks', () => {
      const wait = patternOf(parameterOf(document.paths['/tasks/{id}/result']?.get, 'wait')?.schema);
      const envelope = contract.variant('example_long_running');
      const delay = patternOf((envelope.properties?.delay as Schema).anyOf?.find((branch) => (branch as Schema).type === 'string'));
      for (const pattern of [wait, delay]) {
        for (const good of ['30', '1.5', '30s', '5m', '1500ms', '2 hours']) expect(good, String(pattern)).toMatch(pattern);
        for (const bad of ['forever', '-5', '', 's30', '5m; drop']) expect(bad, String(pattern)).not.toMatch(pattern);
      }
      const cursor = patternOf(parameterOf(document.paths['/tasks']?.get, 'cursor')?.schema);
      expect('AbC-_09').toMatch(cursor);
      for (const bad of ['a+b', 'a/b', 'abc=', '!!!']) expect(bad).not.toMatch(cursor);
    });

    it("names the known task types on GET /tasks's task_name, which also finds a type no longer served", () => {
      const taskName = parameterOf(document.paths['/tasks']?.get, 'task_name');
      const names = taskNames();
      for (const name of names) expect(taskName?.description).toContain(name);
      expect(taskName?.schema).not.toHaveProperty('enum');
      const variants = names.map((name) => (contract.variant(name).properties?.task_name as Schema).enum);
      expect(variants).toEqual(names.map((name) => [name]));
    });
  });

  it('takes a submit request per task type, in one union discriminated by task_name, on POST /tasks and its alias', () => {
    const names = taskNames();
    expect(contract.submitMedia('/tasks/submit').schema).toEqual(contract.submitMedia('/tasks').schema);
    expect(contract.union.discriminator?.propertyName).toBe('task_name');
    expect(Object.keys(contract.union.discriminator?.mapping ?? {})).toEqual(names);
    expect(contract.union.oneOf).toEqual(names.map((name) => ({ $ref: contract.union.discriminator?.mapping?.[name] })));
    for (const name of names) {
      const variant = contract.variant(name);
      expect(variant.properties?.task_name, name).toEqual(expect.objectContaining({ enum: [name] }));
      expect(variant.required, name).toContain('task_name');
      // The rest of the body is the submit route's own: queue, id and delay for every task type.
      expect(propertyNames(variant)).toEqual(expect.arrayContaining(['queue', 'workflow_id', 'delay']));
      const parameters = contract.resolve(variant.properties?.parameters);
      expect(propertyNames(parameters), name).toEqual(propertyNames(registry.jsonSchema(name)));
      expect([...(parameters.required ?? [])].sort(), name).toEqual([...((registry.jsonSchema(name).required as string[] | undefined) ?? [])].sort());
    }
  });

  it("describes the result of GET /tasks/{id}/result as one of the task types' declared result schemas", () => {
    taskNames();
    const tasks = registry.list();
    const results = contract.resultProperty.anyOf ?? [];
    expect(results).toHaveLength(tasks.length);
    tasks.forEach((task, index) => {
      const declared = registry.describe(task.name).result;
      const documented = contract.resolve(results[index]);
      if (declared === null) {
        expect(documented, `${task.name} declares no result: any value`).not.toHaveProperty('type');
        return;
      }
      expect(propertyNames(documented), task.name).toEqual(propertyNames(declared));
      expect([...(documented.required ?? [])].sort(), task.name).toEqual([...((declared.required as string[] | undefined) ?? [])].sort());
    });
  });

  it("documents priority as Temporal's priority key, 1 to 5 and 3 by default, on submit, in the submit answer and on the task", () => {
    for (const name of taskNames()) {
      const priority = contract.variant(name).properties?.priority as Schema;
      expect(priority, name).toEqual(expect.objectContaining({ type: 'integer', minimum: 1, maximum: 5 }));
      expect(contract.variant(name).required, name).not.toContain('priority');
      expect(priority.description).toMatch(/priority key: 1 runs first, 5 last; without it, Temporal's default 3/);
    }
    const answerOf = (path: string, method: 'get' | 'post', status: string): Schema => {
      const answer = document.paths[path]?.[method]?.responses[status] as OpenAPIV3.ResponseObject;
      return contract.resolve(answer.content?.['application/json']?.schema);
    };
    for (const answer of [answerOf('/tasks', 'post', '201'), answerOf('/tasks', 'post', '200'), answerOf('/tasks/{id}', 'get', '200')]) {
      expect(answer.required).toContain('priority');
      expect(answer.properties?.priority).toEqual(expect.objectContaining({ type: 'integer' }));
    }
    expect((answerOf('/tasks/{id}', 'get', '200').properties?.priority as Schema).description).toMatch(/else Temporal's default 3/);
  });

  it('documents the schedule routes: the create body with its overlap choices, a schedule with its next run times and recent runs, and schedule_id on tasks', () => {
    const jsonOf = (answer: unknown): Schema => contract.resolve((answer as OpenAPIV3.ResponseObject).content?.['application/json']?.schema);
    const create = document.paths['/schedules']?.post;
    // One variant per task type (test/api/openapi-schedules.unit.test.ts); each has the schedule's fields.
    const union = contract.resolve((create?.requestBody as OpenAPIV3.RequestBodyObject).content['application/json']?.schema);
    const body = contract.resolve(union.oneOf?.[0]);
    expect(propertyNames(body)).toEqual(['cron', 'note', 'overlap', 'parameters', 'paused', 'queue', 'schedule_id', 'task_name']);
    expect(body.required).toEqual(expect.arrayContaining(['cron', 'schedule_id', 'task_name']));
    expect(body.properties?.overlap).toMatchObject({ enum: ['skip', 'buffer_one', 'allow_all'], default: 'skip' });
    expect(Object.keys(union.discriminator?.mapping ?? {})).toEqual(taskNames());
    expect(Object.keys(create?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409', '422']));

    const schedule = jsonOf(document.paths['/schedules/{id}']?.get?.responses['200']);
    expect(propertyNames(schedule)).toEqual(expect.arrayContaining(['schedule_id', 'task_name', 'queue', 'cron', 'overlap', 'paused', 'next_run_times', 'recent_runs']));
    expect(propertyNames((schedule.properties?.recent_runs as Schema & { items: Schema }).items)).toEqual(expect.arrayContaining(['task_id', 'run_id', 'scheduled_at', 'started_at', 'status']));
    for (const [path, method] of [['/schedules/{id}/pause', 'post'], ['/schedules/{id}/resume', 'post']] as const) expect(jsonOf(document.paths[path]?.[method]?.responses['200'])).toEqual(schedule);
    expect(Object.keys(document.paths['/schedules/{id}/trigger']?.post?.responses ?? {})).toContain('202');
    expect(Object.keys(document.paths['/schedules/{id}']?.delete?.responses ?? {})).toEqual(expect.arrayContaining(['200', '403', '404']));
    const page = jsonOf(document.paths['/schedules']?.get?.responses['200']);
    expect(propertyNames(page)).toEqual(['has_more', 'schedules']);

    expect(propertyNames(jsonOf(document.paths['/tasks/{id}']?.get?.responses['200']))).toContain('schedule_id');
    const row = contract.resolve((jsonOf(document.paths['/tasks']?.get?.responses['200']).properties?.tasks as Schema & { items: Schema }).items);
    expect(propertyNames(row)).toContain('schedule_id');
    expect(document.paths['/tasks']?.get?.parameters?.some((p) => 'name' in p && p.name === 'schedule_id')).toBe(true);
  });

  it('shows one example request per task type on the docs page, each one the API accepts', async () => {
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    // The page loads its document from ./json, next to it.
    const initializer = await app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(initializer.body).toContain("url: resolveUrl('./json')");

    const shown = readContract(await getJson<OpenAPIV3.Document>(app, '/docs/json'));
    for (const path of ['/tasks', '/tasks/submit']) {
      const examples = shown.submitMedia(path).examples as Record<string, OpenAPIV3.ExampleObject>;
      expect(Object.keys(examples), path).toEqual(taskNames());
      for (const [name, example] of Object.entries(examples)) {
        expect(example.value.task_name).toBe(name);
        expect(() => registry.parseParams(name, example.value.parameters), `${name}'s example`).not.toThrow();
      }
    }
  });
});

describe('a task type an application adds', () => {
  // A name with a colon, which a component name cannot hold, and one that reads the same without it.
  const resize = defineTask({
    name: 'acme:resize',
    queue: 'images',
    description: 'Resizes an image.',
    input: z.object({ url: z.string().min(1), width: z.number().int().min(16), fit: z.enum(['cover', 'contain']).default('cover') }),
    workflow: async (params: { url: string; width: number }) => params.url,
  });
  const resizeToo = defineTask({
    name: 'acme_resize',
    queue: 'images',
    description: 'Also resizes.',
    input: z.object({}),
    result: z.object({ url: z.string() }),
    workflow: async () => ({ url: 'x' }),
  });
  let registry: TaskRegistry;
  let app: ZodApp;
  let contract: ReturnType<typeof readContract>;

  beforeAll(async () => {
    registry = createRegistry([resize, resizeToo]);
    app = await documentedApp(registry);
    contract = readContract(await getJson<OpenAPIV3.Document>(app, '/openapi.json'));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('joins the union under a component name of its own, with its parameters required where its schema needs some', () => {
    const [first, second] = [contract.union.discriminator?.mapping?.['acme:resize'], contract.union.discriminator?.mapping?.['acme_resize']];
    expect(first).toMatch(/^#\/components\/schemas\/[A-Za-z0-9._-]+$/);
    expect(second).toMatch(/^#\/components\/schemas\/[A-Za-z0-9._-]+$/);
    expect(first).not.toBe(second);
    expect(contract.variant('acme:resize').required).toEqual(expect.arrayContaining(['task_name', 'parameters']));
    expect(contract.variant('acme_resize').required).not.toContain('parameters');
  });

  it('documents a result it does not declare as any value, and one it declares by its schema', () => {
    const [undeclared, declared] = (contract.resultProperty.anyOf ?? []).map(contract.resolve);
    expect(undeclared).not.toHaveProperty('type');
    expect(undeclared?.description).toContain('no result schema');
    expect(declared).toEqual(expect.objectContaining({ type: 'object', required: ['url'] }));
  });

  it('shows, without a declared example, its defaults and a placeholder for each required field', () => {
    const examples = contract.submitMedia('/tasks').examples as Record<string, OpenAPIV3.ExampleObject>;
    expect(examples['acme:resize']?.value).toEqual({ task_name: 'acme:resize', parameters: { url: 'string', width: 16, fit: 'cover' } });
  });

  it('lists its result schema and its example in GET /tasks/types, as the document shows them', async () => {
    const { types } = await getJson<{ types: { name: string; result: Record<string, unknown> | null; example: Record<string, unknown> }[] }>(app, '/tasks/types');
    const examples = contract.submitMedia('/tasks').examples as Record<string, OpenAPIV3.ExampleObject>;

    expect(types.map((type) => [type.name, type.result === null])).toEqual([
      ['acme:resize', true],
      ['acme_resize', false],
    ]);
    expect(types.find((type) => type.name === 'acme_resize')?.result).toMatchObject({ type: 'object', required: ['url'] });
    for (const type of types) expect(type.example).toEqual(examples[type.name]?.value.parameters);
  });

  it('leaves the answers to bad requests as they were: an unknown task_name is 400 listing the known ones, bad parameters 422', async () => {
    const unknown = await app.inject({ method: 'POST', url: '/tasks', payload: { task_name: 'acme:crop', parameters: {} } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual({ error: expect.objectContaining({ code: 'unknown_task', details: { known_tasks: ['acme:resize', 'acme_resize'] } }) });
    const invalid = await app.inject({ method: 'POST', url: '/tasks', payload: { task_name: 'acme:resize', parameters: { url: 'u', width: 3 } } });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().error.details.fields).toEqual([expect.objectContaining({ field: 'parameters.width' })]);
  });
});
