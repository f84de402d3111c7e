import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeBlockLines, headingAnchors, inlineCode, linkTargets } from './markdown';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** The pages a reader walks: the README, the benchmarks' figures, and every page under docs/. */
const PAGES = ['README.md', 'bench/README.md', ...readdirSync(path.join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md')).map((file) => `docs/${file.split(path.sep).join('/')}`)];

/** Folders whose paths the docs name in backticks, and which must then exist. */
const REPOSITORY_PATH = /^(src|test|examples|scripts|bench|deploy|docs|dashboard|\.ci)\//;
/** A path with a glob or a placeholder in it names no one file. */
const PLACEHOLDER = /[*<{]/;
/**
 * Paths in the reader's own repository, not in this one: the files of docs/writing-tasks.md's
 * greeter application (its own `src/`), and those of the task type a reader adds to `examples/`.
 */
const READERS_OWN = [/^src\/(workflows|activities|greet-ada)\.ts$/, /^examples\/my-task\//];

/** `npm run <script>` in code; `conveyor <command>` where a shell command starts, after `npx`, or after `npm run conveyor --`. */
const NPM_RUN = /\bnpm run (?:--silent )?([\w:.-]+)/g;
const CONVEYOR_COMMAND = /(?:^|npx |&& |; |\| |npm run conveyor -- )conveyor ([a-z][\w-]*)/g;
const CONVEYOR_SCRIPT = /npm run conveyor -- ([a-z][\w-]*)/g;

/** The CLI's top-level commands: those main.ts registers on the program itself, by name or through a command module. */
function topLevelCommands(): Set<string> {
  const main = read('src/cli/main.ts');
  const named = [...main.matchAll(/program\.command\('([\w-]+)'\)/g)].map((match) => match[1]!);
  const registered = new Set([...main.matchAll(/(register\w+)\(program\)/g)].map((match) => match[1]!));
  const commandsDir = path.join(ROOT, 'src/cli/commands');
  const fromModules = readdirSync(commandsDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => readFileSync(path.join(commandsDir, file), 'utf8'))
    .filter((source) => [...registered].some((name) => source.includes(`export function ${name}(`)))
    .map((source) => /\.command\('([\w-]+)'\)/.exec(source)?.[1])
    .filter((name): name is string => name !== undefined);
  return new Set([...named, ...fromModules]);
}

/** Lines of code a page shows: its code blocks, and its inline code spans. */
function codeOf(page: string): { line: number; code: string }[] {
  const markdown = read(page);
  return [...codeBlockLines(markdown).map((line) => ({ line: line.number, code: line.text.trim() })), ...inlineCode(markdown)];
}

describe('the docs a newcomer walks (README.md, bench/README.md, docs/)', () => {
  it('finds the pages: the README, the benchmarks and the docs', () => {
    expect(PAGES).toEqual(expect.arrayContaining(['README.md', 'bench/README.md', 'docs/getting-started.md', 'docs/deployment/helm.md']));
  });

  it('links only to files that exist, and to headings that exist on the .md pages they name', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const page of PAGES) {
      for (const { line, target } of linkTargets(read(page))) {
        if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:: not the repository's
        checked += 1;
        const [file = '', anchor] = target.split('#');
        const resolved = file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
        if (!existsSync(path.join(ROOT, resolved))) {
          broken.push(`${page}:${line}: ${target} (no ${resolved})`);
        } else if (anchor !== undefined && resolved.endsWith('.md') && !headingAnchors(read(resolved)).has(anchor)) {
          broken.push(`${page}:${line}: ${target} (${resolved} has no heading #${anchor})`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('names only repository paths that exist', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const page of PAGES) {
      for (const { line, code } of inlineCode(read(page))) {
        const candidate = code.split(/\s/)[0] ?? '';
        if (!REPOSITORY_PATH.test(candidate) || PLACEHOLDER.test(candidate) || READERS_OWN.some((own) => own.test(candidate))) continue;
        checked += 1;
        if (!existsSync(path.join(ROOT, candidate))) missing.push(`${page}:${line}: ${candidate}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('runs only npm scripts package.json has', () => {
    const scripts = new Set(Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts));
    const unknown: string[] = [];
    let checked = 0;
    for (const page of PAGES) {
      for (const { line, code } of codeOf(page)) {
        for (const [, script = ''] of code.matchAll(NPM_RUN)) {
          checked += 1;
          if (!scripts.has(script)) unknown.push(`${page}:${line}: npm run ${script}`);
        }
      }
    }
    expect(unknown).toEqual([]);
    expect(checked).toBeGreaterThan(5);
  });

  it('runs only conveyor commands the CLI has', () => {
    const commands = topLevelCommands();
    expect([...commands].sort()).toEqual(expect.arrayContaining(['api', 'dev', 'schedule', 'submit', 'tasks', 'types', 'worker']));
    const unknown: string[] = [];
    let checked = 0;
    for (const page of PAGES) {
      for (const { line, code } of codeOf(page)) {
        for (const [, command = ''] of [...code.matchAll(CONVEYOR_COMMAND), ...code.matchAll(CONVEYOR_SCRIPT)]) {
          checked += 1;
          if (!commands.has(command)) unknown.push(`${page}:${line}: conveyor ${command}`);
        }
      }
    }
    expect(unknown).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });
});

