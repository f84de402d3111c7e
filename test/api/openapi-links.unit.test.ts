import { Client } from '@temporalio/client';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app';
import type { ZodApp } from '../../src/api/context';
import { loadSettings } from '../../src/config';
import { createLogger } from '../../src/log';
import { examplesProject } from '../helpers/examples';

/** The operation a link's `operationRef` (`#/paths/<escaped path>/<method>`) points at, with its path. */
function resolveRef(document: OpenAPIV3.Document, ref: string): { path: string; operation: OpenAPIV3.OperationObject | undefined } {
  const match = /^#\/paths\/([^/]+)\/(get|post|delete|put|patch)$/.exec(ref);
  if (!match) return { path: ref, operation: undefined };
  const path = match[1]!.replaceAll('~1', '/').replaceAll('~0', '~');
  return { path, operation: document.paths[path]?.[match[2] as 'get'] };
}

const parameterNames = (operation: OpenAPIV3.OperationObject, place: string): string[] =>
  (operation.parameters ?? []).flatMap((parameter) => ('in' in parameter && parameter.in === place ? [parameter.name] : []));

/** The names of the properties an answer's JSON schema declares, through one reference. */
function answerProperties(document: OpenAPIV3.Document, answer: OpenAPIV3.ResponseObject): string[] {
  let schema = answer.content?.['application/json']?.schema;
  if (schema && '$ref' in schema) schema = document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')];
  return Object.keys((schema as OpenAPIV3.SchemaObject | undefined)?.properties ?? {});
}

describe("the OpenAPI document's links, which a client (or a stateful fuzzer) follows from what it created", () => {
  let app: ZodApp;
  let document: OpenAPIV3.Document;

  beforeAll(async () => {
    const settings = loadSettings({ CONVEYOR_LOG_LEVEL: 'warn' });
    app = await buildApp({ client: new Client(), registry: (await examplesProject()).registry, settings, log: createLogger('openapi-links-test', settings.log) });
    document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenAPIV3.Document>();
  });

  afterAll(async () => {
    await app?.close();
  });

  const answer = (path: string, method: 'get' | 'post' | 'delete', status: string) => document.paths[path]?.[method]?.responses[status] as OpenAPIV3.ResponseObject;
  /** Each link of an answer as `<method> <path> <parameter>=<expression>`. */
  const linksOf = (path: string, method: 'get' | 'post' | 'delete', status: string): string[] =>
    Object.values(answer(path, method, status)?.links ?? {}).map((link) => {
      const { path: target } = resolveRef(document, (link as OpenAPIV3.LinkObject).operationRef ?? '');
      const method = (link as OpenAPIV3.LinkObject).operationRef?.split('/').at(-1);
      return `${method} ${target} ${Object.entries((link as OpenAPIV3.LinkObject).parameters ?? {}).map(([name, value]) => `${name}=${String(value)}`).join(',')}`;
    });

  it('leads from a submitted task (201, and the 200 of a repeat) to reading it, its result, history, review, signals, queries, cancel, reset and retry', () => {
    for (const status of ['201', '200']) {
      expect(linksOf('/tasks', 'post', status)).toEqual(
        expect.arrayContaining([
          'get /tasks/{id} path.id=$response.body#/task_id',
          'get /tasks/{id}/status path.id=$response.body#/task_id',
          'get /tasks/{id}/result path.id=$response.body#/task_id',
          'get /tasks/{id}/history path.id=$response.body#/task_id',
          'post /tasks/{id}/review path.id=$response.body#/task_id',
          'post /tasks/{id}/signals/{name} path.id=$response.body#/task_id',
          'get /tasks/{id}/queries/{name} path.id=$response.body#/task_id',
          'post /tasks/{id}/cancel path.id=$response.body#/task_id',
          'post /tasks/{id}/reset path.id=$response.body#/task_id',
          'post /tasks/{id}/retry path.id=$response.body#/task_id',
          'delete /tasks/{id} path.id=$response.body#/task_id',
        ]),
      );
    }
    expect(linksOf('/tasks/submit', 'post', '201')).toEqual(linksOf('/tasks', 'post', '201'));
  });

  it("leads from a created schedule to reading, pausing, resuming, triggering and deleting it, and to its runs' tasks", () => {
    expect(linksOf('/schedules', 'post', '201')).toEqual([
      'get /schedules/{id} path.id=$response.body#/schedule_id',
      'post /schedules/{id}/pause path.id=$response.body#/schedule_id',
      'post /schedules/{id}/resume path.id=$response.body#/schedule_id',
      'post /schedules/{id}/trigger path.id=$response.body#/schedule_id',
      'get /tasks query.schedule_id=$response.body#/schedule_id',
      'delete /schedules/{id} path.id=$response.body#/schedule_id',
    ]);
  });

  it('points every link at an operation of the document and a parameter it has, reading a field its source answer has', () => {
    const seen: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of ['get', 'post', 'delete'] as const) {
        for (const [status, response] of Object.entries(item?.[method]?.responses ?? {})) {
          for (const [name, link] of Object.entries((response as OpenAPIV3.ResponseObject).links ?? {}) as [string, OpenAPIV3.LinkObject][]) {
            const where = `${method} ${path} ${status} → ${name}`;
            seen.push(where);
            expect(name, where).toMatch(/^[A-Za-z0-9._-]+$/);
            const { operation } = resolveRef(document, link.operationRef ?? '');
            expect(operation, `${where}: ${link.operationRef} names no operation`).toBeDefined();
            for (const [qualified, expression] of Object.entries(link.parameters ?? {})) {
              const [place, parameter] = qualified.split('.');
              expect(parameterNames(operation!, place!), where).toContain(parameter);
              const field = /^\$response\.body#\/(\w+)(?:\/0\/\w+)?$/.exec(String(expression))?.[1];
              if (field) expect(answerProperties(document, response as OpenAPIV3.ResponseObject), where).toContain(field);
              else expect(String(expression), where).toBe('$request.path.id');
              if (String(expression) === '$request.path.id') expect(parameterNames(item![method]!, 'path'), where).toContain('id');
            }
          }
        }
      }
    }
    expect(seen.length).toBeGreaterThan(20);
  });
});
