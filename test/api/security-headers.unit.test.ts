import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app';
import type { ZodApp } from '../../src/api/context';
import { loadSettings } from '../../src/config';
import { createLogger } from '../../src/log';
import { examplesProject } from '../helpers/examples';

/** Every header helmet sets with Conveyor's options; Strict-Transport-Security is left to the TLS proxy. */
const HEADER_NAMES = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

function directives(policy: unknown): Map<string, string> {
  return new Map(
    String(policy)
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name = '', ...values]) => [name, values.join(' ')]),
  );
}

describe('security headers', () => {
  let app: ZodApp;

  beforeAll(async () => {
    const settings = loadSettings({ CONVEYOR_LOG_LEVEL: 'warn' });
    // The Temporal client connects lazily, on a first call none of these requests makes.
    app = await buildApp({ client: new Client(), registry: (await examplesProject()).registry, settings, log: createLogger('security-headers-test', settings.log) });
  });

  afterAll(async () => {
    await app.close();
  });

  it('sends helmet’s whole set, with the strict policy, on answers, refusals and unknown paths alike', async () => {
    const answers = {
      health: await app.inject({ method: 'GET', url: '/health' }),
      refusal: await app.inject({ method: 'POST', url: '/tasks', headers: { 'content-type': 'text/plain' }, payload: 'x' }),
      unknown: await app.inject({ method: 'GET', url: '/no-such-path' }),
    };
    expect(answers.refusal.statusCode).toBe(415);
    expect(answers.unknown.statusCode).toBe(404);
    for (const [name, answer] of Object.entries(answers)) {
      for (const header of HEADER_NAMES) expect(answer.headers[header], `${name}: ${header}`).toBeDefined();
      expect(answer.headers['strict-transport-security'], name).toBeUndefined();
      expect(answer.headers['x-frame-options'], name).toBe('DENY');
      expect(answer.headers['referrer-policy'], name).toBe('no-referrer');
      const policy = directives(answer.headers['content-security-policy']);
      expect(policy.get('style-src'), name).toBe("'self'");
      expect(policy.get('frame-ancestors'), name).toBe("'none'");
      expect(policy.has('upgrade-insecure-requests'), name).toBe(false);
    }
  });

  it('lets the docs page, and only it, use the inline style Swagger UI inserts', async () => {
    const docs = await app.inject({ method: 'GET', url: '/docs' });
    expect(docs.statusCode).toBe(200);
    const policy = directives(docs.headers['content-security-policy']);
    expect(policy.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(policy.get('script-src')).toBe("'self'");
  });
});
