import { readFileSync } from 'node:fs';
import path from 'node:path';
import { register } from 'tsx/cjs/api';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../config';
import { apiClientSettings } from './api-client-settings';

// apiClientSettings requires config.ts when it needs it, through Node's loader, as the CLI does.
let unregister: () => void;
beforeAll(() => {
  unregister = register();
});
afterAll(() => unregister());

const URL_ONLY = { CONVEYOR_API_URL: 'http://127.0.0.1:8000' };

/** What loadSettings makes of `env`: its apiClient, or the message it refuses with. */
function loaded(read: (env: NodeJS.ProcessEnv) => unknown, env: NodeJS.ProcessEnv): unknown {
  try {
    return read(env);
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  }
}

describe('apiClientSettings', () => {
  it.each([
    ['a URL alone', URL_ONLY],
    ['a URL with trailing slashes', { CONVEYOR_API_URL: 'https://conveyor.example.com/base//' }],
    ['a URL with a user and password', { CONVEYOR_API_URL: 'http://carol:pw@127.0.0.1:8000' }],
    ['a URL and a key', { ...URL_ONLY, CONVEYOR_API_KEY: 'k-123' }],
    ['a URL and an empty key', { ...URL_ONLY, CONVEYOR_API_KEY: '' }],
    ['no URL: the local API', {}],
    ['no URL, another port', { CONVEYOR_API_PORT: '9000' }],
    ['a URL and another valid setting', { ...URL_ONLY, TEMPORAL_ADDRESS: 'temporal:7233' }],
  ])('reads %s as loadSettings does', (_, env) => {
    expect(apiClientSettings(env)).toEqual(loadSettings(env).apiClient);
  });

  it.each([
    ['another setting that is wrong', { ...URL_ONLY, CONVEYOR_LOG_LEVEL: 'loud' }],
    ['keys that are malformed', { ...URL_ONLY, CONVEYOR_API_KEYS: 'nobody' }],
    ['a URL of another scheme', { CONVEYOR_API_URL: 'ftp://127.0.0.1:8000' }],
    ['a URL without its slashes', { CONVEYOR_API_URL: 'http:127.0.0.1:8000' }],
    ['a URL with spaces', { CONVEYOR_API_URL: ' http://127.0.0.1:8000 ' }],
    ['a port out of range', { CONVEYOR_API_PORT: '70000' }],
  ])('answers %s exactly as loadSettings does', (_, env) => {
    expect(loaded(apiClientSettings, env)).toEqual(loaded((e) => loadSettings(e).apiClient, env));
  });

  it('knows every setting loadSettings reads by its prefix, CONVEYOR_, TEMPORAL_ or OTEL_', () => {
    // The names of the environment schema's properties, from config.ts's source.
    const file = path.join(__dirname, '..', 'config.ts');
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const names: string[] = [];
    source.forEachChild(function visit(node) {
      if (ts.isVariableDeclaration(node) && node.name.getText() === 'envSchema') {
        const call = node.initializer;
        const shape = call && ts.isCallExpression(call) ? call.arguments[0] : undefined;
        if (shape && ts.isObjectLiteralExpression(shape)) for (const property of shape.properties) if (property.name) names.push(property.name.getText());
      }
      node.forEachChild(visit);
    });
    expect(names).toContain('CONVEYOR_API_URL');
    expect(names.filter((name) => !/^(CONVEYOR|TEMPORAL|OTEL)_/.test(name))).toEqual([]);
  });
});
