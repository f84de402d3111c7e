import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli';
import { toolPath } from '../helpers/tools';
import { argsOf, envOf, parseDockerfile } from './helpers/dockerfile';
import { runProgram } from './helpers/repo-files';

// No Docker engine runs here: the Dockerfile is linted by hadolint (provisioned into .conveyor/tools from its
// PyPI wheel) and asserted on as parsed; its entrypoint and healthcheck run in image-entrypoint.e2e.test.ts.
const DOCKERFILE = path.join(ROOT, 'deploy', 'Dockerfile');

const stages = parseDockerfile(DOCKERFILE);
const byName = (name: string) => stages.find((stage) => stage.name === name);
const runtime = stages.at(-1);

describe('deploy/Dockerfile', () => {
  it('passes hadolint', async () => {
    expect(await runProgram(toolPath('hadolint'), [DOCKERFILE])).toEqual({ code: 0, output: '' });
  });

  it('builds in a stage of its own: npm ci, npm run build (dist and dashboard), the workflow bundle', () => {
    const build = byName('build');
    const runs = argsOf(build, 'RUN').join('\n');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm run build');
    expect(runs).toMatch(/conveyor\.js worker bundle --config examples\/conveyor\.config\.ts --out \/app\/workflow-bundle\.js/);
    expect(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.build).toBe('node scripts/build.mjs');
    expect(readFileSync(path.join(ROOT, 'scripts', 'build.mjs'), 'utf8')).toContain('build-dashboard.mjs');
  });

  it('runs on Node 22 slim (package.json engines), as a user that is not root, with production dependencies and openai', () => {
    const engines = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node as string;
    expect(engines).toBe('>=22');
    expect(runtime?.image).toBe('node:22-bookworm-slim');
    expect(stages.map((stage) => stage.name)).toEqual(['build', 'dependencies', 'runtime']);
    expect(argsOf(runtime, 'USER')).toEqual(['10001:10001']);
    expect(argsOf(runtime, 'RUN').join('\n')).toContain('--uid 10001');
    expect(argsOf(byName('dependencies'), 'RUN').join('\n')).toContain('npm ci --omit=dev');
    const copies = argsOf(runtime, 'COPY');
    expect(copies).toContain('--from=dependencies /app/node_modules ./node_modules');
    expect(copies).toContain('--from=build /app/node_modules/openai ./node_modules/openai');
    // Copying openai alone is enough only while it has no dependencies of its own.
    expect(JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'openai', 'package.json'), 'utf8')).dependencies).toBeUndefined();
    expect(copies).toContain('--from=build /app/dist ./dist');
    // No src/ or tsconfig.json: bin/conveyor.js then runs dist/.
    expect(copies.some((copy) => /\bsrc\b|tsconfig/.test(copy))).toBe(false);
  });

  it('sets the bundle, the listen address and the worker health port, exposes them, checks health and picks the command', () => {
    const env = envOf(runtime);
    expect(env.get('CONVEYOR_WORKFLOW_BUNDLE')).toBe('/app/workflow-bundle.js');
    expect(argsOf(runtime, 'COPY')).toContain('--from=build /app/workflow-bundle.js /app/workflow-bundle.tracing.js ./');
    expect(env.get('CONVEYOR_API_HOST')).toBe('0.0.0.0');
    expect(env.get('CONVEYOR_API_PORT')).toBe('8000');
    expect(env.get('CONVEYOR_WORKER_HEALTH_PORT')).toBe('8081');
    expect(argsOf(runtime, 'EXPOSE')).toEqual(['8000 8081']);
    expect(argsOf(runtime, 'HEALTHCHECK')).toEqual([expect.stringMatching(/CMD \["node", "\/app\/deploy\/healthcheck\.mjs"\]$/)]);
    expect(argsOf(runtime, 'ENTRYPOINT')).toEqual(['["/app/deploy/entrypoint.sh"]']);
    expect(argsOf(runtime, 'COPY')).toContain('deploy/entrypoint.sh deploy/healthcheck.mjs ./deploy/');
  });

  it('copies only files that exist and that .dockerignore leaves in the build context', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', '.conveyor']));
    const sources = stages
      .flatMap((stage) => argsOf(stage, 'COPY'))
      .filter((copy) => !copy.startsWith('--from'))
      .flatMap((copy) => copy.split(' ').slice(0, -1))
      .filter((source) => source !== '.');
    for (const source of sources) {
      expect(existsSync(path.join(ROOT, source)), source).toBe(true);
      expect(ignored.some((pattern) => source === pattern || source.startsWith(`${pattern}/`)), source).toBe(false);
    }
  });
});
