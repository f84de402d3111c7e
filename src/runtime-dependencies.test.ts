import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Every file a production install runs: the platform's sources (not its tests) and the bin script. */
function runtimeFiles(): string[] {
  const sources = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => path.join(root, 'src', file));
  return [...sources, path.join(root, 'bin', 'conveyor.js')];
}

/** `@scope/name` or `name` of a bare specifier; undefined for relative paths and Node built-ins. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || builtinModules.includes(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

describe('runtime dependencies', () => {
  it('every package the platform imports (statically, dynamically or by require) is a dependency, not a devDependency', () => {
    const missing: string[] = [];
    for (const file of runtimeFiles()) {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      for (const { fileName } of importedFiles) {
        const name = packageOf(fileName);
        if (name && !Object.hasOwn(manifest.dependencies, name)) missing.push(`${path.relative(root, file)} imports ${fileName}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('sees dynamic imports, so the dev-server fallback is covered', () => {
    const { importedFiles } = ts.preProcessFile("async function f() { await import('@temporalio/testing'); }", true, true);
    expect(importedFiles.map((entry) => entry.fileName)).toEqual(['@temporalio/testing']);
  });
});
