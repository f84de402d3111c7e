import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The test files' own rules, proven to fire: a probe linted at a made-up test path with the
 * project's real config (minus type information, as test/guards/workflow-lint.test.ts does), so only the
 * probe's text is linted and nothing is written.
 */
const eslint = new ESLint({ cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] });

async function vitestErrors(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, 'test', 'lint-probe.e2e.test.ts') });
  if (!result) throw new Error('ESLint returned no result');
  expect(result.messages.filter((message) => message.fatal)).toEqual([]);
  return result.messages.filter((message) => message.ruleId?.startsWith('vitest/') && message.severity === 2).map((message) => message.ruleId ?? '');
}

describe('the rules on test files', () => {
  it.each([
    ['a focused test', "import { expect, it } from 'vitest';\nit.only('a', () => { expect(1).toBe(1); });\n", 'vitest/no-focused-tests'],
    ['a focused suite', "import { describe, expect, it } from 'vitest';\ndescribe.only('s', () => { it('a', () => { expect(1).toBe(1); }); });\n", 'vitest/no-focused-tests'],
    ['a disabled test', "import { expect, it } from 'vitest';\nit.skip('a', () => { expect(1).toBe(1); });\n", 'vitest/no-disabled-tests'],
    ['a test that asserts nothing', "import { it } from 'vitest';\nit('a', async () => { await Promise.resolve(); });\n", 'vitest/expect-expect'],
  ])('refuse %s', async (_, code, rule) => {
    expect(await vitestErrors(code)).toEqual([rule]);
  });

  it('count an assertion made through an `expect…` helper or expect.poll', async () => {
    const code = [
      "import { expect, it } from 'vitest';",
      'const expectDone = (value: number) => expect(value).toBe(1);',
      "it('a', () => { expectDone(1); });",
      "it('b', async () => { await expect.poll(() => 1).toBe(1); });",
      '',
    ].join('\n');
    expect(await vitestErrors(code)).toEqual([]);
  });
});
