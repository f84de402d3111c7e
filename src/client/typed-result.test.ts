import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
/** Application code that exists only in the compiler's memory, next to this file. */
const APPLICATION_FILE = path.join(__dirname, 'typed-result-application.ts');

/**
 * Application code against the public entry points: each line marked `// error: <marker>` must
 * fail to compile, and nothing else may. `untyped` returns `any`, so whatever its client sees
 * comes from the declared result schema alone.
 */
const APPLICATION = `
import { defineTask, type TaskResult } from 'conveyor';
import { createClient } from 'conveyor/client';
import { z } from 'zod';

const input = z.object({ n: z.number() });
const summary = z.object({ total: z.number(), label: z.string() });

async function sums(params: { n: number }): Promise<{ total: number; label: string }> {
  return { total: params.n, label: 'sum' };
}
async function partial(params: { n: number }): Promise<{ total: number }> {
  return { total: params.n };
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function untyped(): Promise<any> {
  return JSON.parse('{}');
}

export const summed = defineTask({ name: 'summed', queue: 'q', description: '', input, result: summary, workflow: sums });
export const declaredOnly = defineTask({ name: 'declared_only', queue: 'q', description: '', input, result: summary, workflow: untyped });
export const short = defineTask({ name: 'short', queue: 'q', description: '', input, result: summary, workflow: partial }); // error: workflow-misses-a-result-field

export async function application(): Promise<void> {
  const client = createClient({ url: 'http://127.0.0.1:1' });
  const summedTask = await client.submit<typeof summed>('summed', { n: 1 });
  const label: string = (await summedTask.result()).label;
  const total: number = (await client.task<typeof summed>(summedTask.id).result()).total;
  const wrong: number = (await summedTask.result()).label; // error: result-field-of-another-type
  const declared = await (await client.submit<typeof declaredOnly>('declared_only', { n: 1 })).result();
  const alsoWrong: boolean = declared.total; // error: schema-types-an-untyped-workflow
  const missing: unknown = declared.nothing; // error: field-the-schema-lacks
  const typed: TaskResult<typeof declaredOnly> = { total: 1 }; // error: task-result-is-the-schema
  console.log(label, total, wrong, alsoWrong, missing, typed);
}
`;

/** Type-checks {@link APPLICATION} with the repository's compiler options; its errors as `line: message`. */
function compileApplication(): { line: number; message: string }[] {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), (file) => ts.sys.readFile(file));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const host = ts.createCompilerHost({ ...options, noEmit: true });
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => file === APPLICATION_FILE || fileExists(file);
  host.readFile = (file) => (file === APPLICATION_FILE ? APPLICATION : readFile(file));
  host.getSourceFile = (file, language, ...rest) =>
    file === APPLICATION_FILE ? ts.createSourceFile(file, APPLICATION, language) : getSourceFile(file, language, ...rest);
  const program = ts.createProgram([APPLICATION_FILE], { ...options, noEmit: true }, host);
  const source = program.getSourceFile(APPLICATION_FILE);
  return ts.getPreEmitDiagnostics(program, source).map((diagnostic) => ({
    line: diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
  }));
}

/** The 1-based line of {@link APPLICATION} marked `// error: <marker>`. */
function lineOf(marker: string): number {
  return APPLICATION.split('\n').findIndex((line) => line.endsWith(`// error: ${marker}`)) + 1;
}

describe("a task's declared result schema types what its clients get", () => {
  let errors: { line: number; message: string }[];

  // A whole program of Conveyor's public types: seconds, not milliseconds.
  beforeAll(() => {
    errors = compileApplication();
  }, 120_000);

  it('compiles the correct uses, and fails exactly the marked lines', () => {
    const marked = APPLICATION.split('\n').flatMap((line, index) => (line.includes('// error: ') ? [index + 1] : []));
    expect(errors.map((error) => error.line)).toEqual(marked);
  });

  it("gives task.result() the schema's type: a field read as another type, or one the schema lacks, does not compile", () => {
    expect(errors.find((error) => error.line === lineOf('result-field-of-another-type'))?.message).toContain("Type 'string' is not assignable to type 'number'");
    expect(errors.find((error) => error.line === lineOf('schema-types-an-untyped-workflow'))?.message).toContain("Type 'number' is not assignable to type 'boolean'");
    expect(errors.find((error) => error.line === lineOf('field-the-schema-lacks'))?.message).toContain("Property 'nothing' does not exist");
    expect(errors.find((error) => error.line === lineOf('task-result-is-the-schema'))?.message).toContain("Property 'label' is missing");
  });

  it('holds the workflow to the schema: one that returns less does not compile', () => {
    expect(errors.find((error) => error.line === lineOf('workflow-misses-a-result-field'))?.message).toContain("Property 'label' is missing");
  });
});
