import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli';
import { runCommand } from '../helpers/run-command';

const VITEST = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const CONFIG = 'test/fixtures/skipped-tests/vitest.config.mts';

/** A vitest run of one fixture file, with the suite's reporter unless `reporters` replace it. */
function runFixture(file: string, reporters: string[] = []) {
  return runCommand(process.execPath, [VITEST, 'run', '--config', CONFIG, ...reporters.map((name) => `--reporter=${name}`), `test/fixtures/skipped-tests/${file}`], { cwd: ROOT });
}

describe('a run with a skipped test fails', () => {
  it('fails a run whose only flaw is a test skipped at run time, naming it (vitest alone passes it)', async () => {
    const judged = await runFixture('skipped-at-run-time.fixture.ts');
    expect(judged.code).toBe(1);
    expect(judged.stderr).toContain('1 test(s) skipped; a run with a skipped test fails');
    expect(judged.stderr).toMatch(/skipped-at-run-time\.fixture\.ts: is skipped at run time/);

    const unjudged = await runFixture('skipped-at-run-time.fixture.ts', ['default']);
    expect(unjudged.code, unjudged.stdout + unjudged.stderr).toBe(0);
  });

  it('names the tests of a suite whose beforeAll failed as skipped, never as passed', async () => {
    const run = await runFixture('failing-before-all.fixture.ts');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/failing-before-all\.fixture\.ts: a suite whose beforeAll fails > would have checked something/);
  });
});
