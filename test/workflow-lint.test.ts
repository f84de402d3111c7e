import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const RULE = '@typescript-eslint/no-restricted-imports';

/**
 * The probe is linted as if it were src/workflows/index.ts. The lint config is type-aware, and
 * its parser refuses paths that are not in tsconfig.check.json's program, so a made-up file name
 * fails to parse. Lending an existing workflow file's path (the text comes from `lintText`, the
 * file on disk is never read or written) keeps the real config and leaves no probe file behind.
 */
const PROBE_PATH = path.join(ROOT, 'src', 'workflows', 'index.ts');

const eslint = new ESLint({ cwd: ROOT });

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
