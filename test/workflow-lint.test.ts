import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const RULE = '@typescript-eslint/no-restricted-imports';

/**
 * The probe is linted at a made-up path inside src/workflows with the project's real config, minus
 * type information (typescript-eslint's `disableTypeChecked`): the import rule is syntactic, and
 * without a TypeScript program the parser never reads a file from disk, so the probe text is all
 * that is linted and nothing is written.
 */
const PROBE_PATH = path.join(ROOT, 'src', 'workflows', 'lint-probe.ts');

const eslint = new ESLint({ cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] });

async function lintWorkflow(code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: PROBE_PATH });
  if (!result) throw new Error('ESLint returned no result');
  // A parse error would also mean "no restricted import reported"; make sure the rules really ran.
  expect(result.messages.filter((message) => message.fatal)).toEqual([]);
  return result.messages;
}

function restrictedImports(messages: Linter.LintMessage[]): Linter.LintMessage[] {
  return messages.filter((message) => message.ruleId === RULE && message.severity === 2);
}

describe('the workflow import rule', () => {
  it.each([
    ['node:fs', "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n"],
    ['fs', "import { readFileSync } from 'fs';\nexport const read = readFileSync;\n"],
    ['a value import from ../activities', "import { createActivities } from '../activities';\nexport const make = createActivities;\n"],
  ])('reports an error for %s in a workflow file', async (_, code) => {
    const errors = restrictedImports(await lintWorkflow(code));

    expect(errors).toHaveLength(1);
    expect(errors[0]?.line).toBe(1);
  });

  it('allows a type-only import from ../activities', async () => {
    const messages = await lintWorkflow("import type { Activities } from '../activities';\nexport type Proxied = Activities;\n");

    expect(restrictedImports(messages)).toEqual([]);
  });

  it('allows @temporalio/workflow', async () => {
    const messages = await lintWorkflow(
      "import { proxyActivities } from '@temporalio/workflow';\nimport type { Activities } from '../activities';\nexport const activities = proxyActivities<Activities>({ startToCloseTimeout: '1 minute' });\n",
    );

    expect(restrictedImports(messages)).toEqual([]);
  });
});
