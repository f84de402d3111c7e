import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const RULE = '@typescript-eslint/no-restricted-imports';

/**
 * The probe is linted at made-up paths where workflow code lives (src/contract, examples/...) with the project's real config, minus
 * type information (typescript-eslint's `disableTypeChecked`): the import rule is syntactic, and
 * without a TypeScript program the parser never reads a file from disk, so the probe text is all
 * that is linted and nothing is written.
 */
const PROBE_PATH = path.join(ROOT, 'src', 'contract', 'lint-probe.ts');

const eslint = new ESLint({ cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] });

async function lintWorkflow(code: string, filePath = PROBE_PATH): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath });
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

  it.each([
    ['a workflow file of an example task', 'examples/new-task/workflow.ts'],
    ['a helper module next to it', 'examples/new-task/plan.ts'],
    ['the examples workflows module', 'examples/workflows.ts'],
    ['the conveyor/workflow entry', 'src/workflow.ts'],
    ['a built-in workflow', 'src/builtin/workflows.ts'],
  ])('covers %s', async (_, file) => {
    const errors = restrictedImports(await lintWorkflow("import { z } from 'zod';\nexport const schema = z.string();\n", path.join(ROOT, file)));
    expect(errors).toHaveLength(1);
  });

  it.each([
    ['an example task definition', 'examples/new-task/task.ts'],
    ['an example schema', 'examples/new-task/schema.ts'],
    ['example activities', 'examples/new-task/activities.ts'],
    ['the examples config', 'examples/conveyor.config.ts'],
    ['the page fetcher activities use', 'examples/lib/web-fetch/http-get.ts'],
  ])('leaves Node-side code alone: %s', async (_, file) => {
    const errors = restrictedImports(await lintWorkflow("import { z } from 'zod';\nexport const schema = z.string();\n", path.join(ROOT, file)));
    expect(errors).toEqual([]);
  });

  it('reports a value import of the conveyor entry (workflow code imports conveyor/workflow)', async () => {
    const errors = restrictedImports(await lintWorkflow("import { defineTask } from 'conveyor';\nexport const d = defineTask;\n"));
    expect(errors).toHaveLength(1);
    const allowed = await lintWorkflow("import { setProgress } from 'conveyor/workflow';\nexport const s = setProgress;\n");
    expect(restrictedImports(allowed)).toEqual([]);
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
