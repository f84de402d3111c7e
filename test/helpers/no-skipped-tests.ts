import type { Reporter, TestModule } from 'vitest/node' with { 'resolution-mode': 'import' };

/**
 * Fails a run in which any test was skipped. A skipped test verifies nothing while the run looks
 * green: `.skip` and `.todo` (the linter refuses them too), a `ctx.skip()` taken at run time, or
 * the tests of a suite whose `beforeAll` failed. A run narrowed on purpose (`-t pattern`) skips
 * the tests it leaves out, and is not judged.
 */
export default class NoSkippedTests implements Reporter {
  private narrowed = false;

  onInit(vitest: { config: { testNamePattern?: RegExp | string } }): void {
    this.narrowed = vitest.config.testNamePattern !== undefined;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    if (this.narrowed) return;
    const skipped = testModules.flatMap((module) =>
      [...module.children.allTests()].filter((test) => test.result().state === 'skipped').map((test) => `${module.moduleId}: ${test.fullName}`),
    );
    if (skipped.length === 0) return;
    console.error(`\n${skipped.length} test(s) skipped; a run with a skipped test fails:\n${skipped.map((line) => `  - ${line}`).join('\n')}\n`);
    process.exitCode = 1;
  }
}
