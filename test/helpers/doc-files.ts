import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli';

/**
 * The files a docs page's section gives as code blocks titled with their path (```ts title="src/x.ts"),
 * verbatim: a test that runs them keeps the page true. `page` is relative to the repository root
 * (`docs/writing-tasks.md`); the section runs from its `## heading` to the next `## `. Blocks inside
 * a list item are indented; the indentation of their fence is removed from every line.
 */
export function docFiles(page: string, heading: string, text = readFileSync(path.join(ROOT, page), 'utf8')): Record<string, string> {
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`${page} has no section "## ${heading}"`);
  const next = text.indexOf('\n## ', start + 1);
  const section = text.slice(start, next < 0 ? undefined : next);
  const files: Record<string, string> = {};
  for (const [, indent = '', file = '', body = ''] of section.matchAll(/^( *)```\w+ title="([^"]+)"\n([\s\S]*?)^\1```$/gm)) {
    files[file] = body
      .split('\n')
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join('\n');
  }
  return files;
}
