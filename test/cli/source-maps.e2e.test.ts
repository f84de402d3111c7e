import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'conveyor-source-maps-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * An application's config with the same task name defined twice, on lines 12 and 13 of the
 * TypeScript. The interface above them is dropped when tsx compiles the file, so without source
 * maps both definitions would be reported on line 2 (the compiled one). The config also prints
 * what the process maps, as it loads.
 */
const CONFIG = `import { defineConfig, defineTask } from ${JSON.stringify(path.join(ROOT, 'src', 'index.ts'))};
import { z } from 'zod';
import { greeting } from './workflows';

/** Types the compiler drops: without source maps, every line below would move up. */
interface Unused {
  a: string;
  b: string;
}
console.error('source maps: ' + JSON.stringify(require('node:module').getSourceMapsSupport()));
export type AlsoUnused = Unused;
export const greet = defineTask({ name: 'greet', queue: 'greetings', input: z.object({ name: z.string() }), workflow: greeting });
export const again = defineTask({ name: 'greet', queue: 'greetings', input: z.object({ name: z.string() }), workflow: greeting });
export default defineConfig({ tasks: [greet, again], workflowsPath: './workflows' });
`;

describe('source maps in a conveyor process', () => {
  it("name the application's TypeScript lines, and leave node_modules unmapped", async () => {
    const app = path.join(scratch, 'app');
    mkdirSync(app);
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
    writeFileSync(path.join(app, 'workflows.ts'), 'export async function greeting(input: { name: string }): Promise<{ text: string }> { return { text: input.name }; }\n');
    const config = path.join(app, 'conveyor.config.ts');
    writeFileSync(config, CONFIG);

    const ran = await runCli(['types', '--config', config]);

    expect(ran.code, ran.stderr).toBe(2);
    expect(ran.stderr).toContain(`task type "greet" is defined twice: at ${config}:12 and at ${config}:13`);
    // Mapping every library's compiled files costs each process about 0.1 s of CPU as it starts.
    expect(ran.stderr).toContain('source maps: {"enabled":true,"nodeModules":false,"generatedCode":false}');
  });
});
