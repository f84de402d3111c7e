import { Client } from '@temporalio/client';
import type { OpenAPIV3 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app';
import { loadSettings } from '../../src/config';
import { createLogger } from '../../src/log';
import { examplesProject } from '../helpers/examples';

/** The document of the examples' API built with `env`, never listening (its client never connects). */
async function documentWith(env: Record<string, string>): Promise<OpenAPIV3.Document> {
  const settings = loadSettings({ CONVEYOR_LOG_LEVEL: 'warn', ...env });
  const app = await buildApp({ client: new Client(), registry: (await examplesProject()).registry, settings, log: createLogger('openapi-requests-test', settings.log) });
  try {
    return (await app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenAPIV3.Document>();
  } finally {
    await app.close();
  }
}

describe('what the OpenAPI document tells a client to send', () => {
  it('asks for credentials only when the API checks them', async () => {
    expect((await documentWith({ CONVEYOR_AUTH: 'none' })).security).toEqual([]);
    const keys = await documentWith({ CONVEYOR_AUTH: 'keys', CONVEYOR_API_KEYS: `ops:admin:${'k'.repeat(40)}` });
    expect(keys.security).toEqual([{ bearer: [] }, { basic: [] }]);
  });

  it('gives every POST a JSON body, an empty object where the route takes none, since the server refuses a POST without the JSON content type', async () => {
    const document = await documentWith({});
    const posts = Object.entries(document.paths).flatMap(([path, item]) => (item?.post ? [[path, item.post] as const] : []));
    expect(posts.map(([path]) => path)).toEqual(expect.arrayContaining(['/tasks/{id}/cancel', '/schedules/{id}/pause', '/schedules/{id}/resume', '/schedules/{id}/trigger']));
    for (const [path, operation] of posts) {
      const body = operation.requestBody as OpenAPIV3.RequestBodyObject | undefined;
      expect(body?.required, path).toBe(true);
      expect(Object.keys(body?.content ?? {}), path).toEqual(['application/json']);
    }
    const cancel = document.paths['/tasks/{id}/cancel']?.post?.requestBody as OpenAPIV3.RequestBodyObject;
    expect(cancel.content['application/json']?.schema).toEqual({ type: 'object', maxProperties: 0 });
  });

  it('offers purge=true only where it purges: on DELETE /tasks/{id}, not on POST /tasks/{id}/cancel', async () => {
    const document = await documentWith({});
    const purgeValues = (operation: OpenAPIV3.OperationObject | undefined) =>
      ((operation?.parameters ?? []).find((parameter) => 'name' in parameter && parameter.name === 'purge') as OpenAPIV3.ParameterObject | undefined)?.schema;
    expect(purgeValues(document.paths['/tasks/{id}']?.delete)).toMatchObject({ enum: ['true', 'false'] });
    expect(purgeValues(document.paths['/tasks/{id}/cancel']?.post)).toMatchObject({ enum: ['false'] });
  });
});
