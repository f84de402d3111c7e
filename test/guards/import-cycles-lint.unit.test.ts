import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const RULE = 'import-x/no-cycle';

/**
 * The lint's cycle rule reads our TypeScript imports for real: a probe linted at the path of an
 * existing module (src/api/http/api-error.ts, which src/api/http/auth/authenticate.ts imports) that imports src/api/app.ts
 * (which imports auth) closes a cycle through files on disk. Type information is left out, as in
 * test/guards/workflow-lint.test.ts: the rule follows imports by resolving and parsing files itself.
 */
const eslint = new ESLint({ cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] });

async function cycleErrors(code: string, file: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  if (!result) throw new Error('ESLint returned no result');
  expect(result.messages.filter((message) => message.fatal)).toEqual([]);
  return result.messages.filter((message) => message.ruleId === RULE && message.severity === 2).length;
}

describe('the import cycle rule', () => {
  it('reports a cycle through our TypeScript modules (resolved without extensions, parsed as TypeScript)', async () => {
    expect(await cycleErrors("import { buildApp } from '../app';\nexport const build = buildApp;\n", 'src/api/http/api-error.ts')).toBe(1);
  });

  it('reports nothing for an import that closes no cycle', async () => {
    expect(await cycleErrors("import { durationMs } from '../../duration';\nexport const parse = durationMs;\n", 'src/api/http/api-error.ts')).toBe(0);
  });
});
