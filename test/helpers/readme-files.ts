import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli';

/**
 * The files a README section gives as code blocks titled with their path (```ts title="src/x.ts"),
 * verbatim: a test that runs them keeps the README true. Blocks inside a list item are indented;
 * the indentation of their fence is removed from every line.
 */
export function readmeFiles(heading: string, readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')): Record<string, string> {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section "## ${heading}"`);
  const next = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  const files: Record<string, string> = {};
  for (const [, indent = '', file = '', body = ''] of section.matchAll(/^( *)```\w+ title="([^"]+)"\n([\s\S]*?)^\1```$/gm)) {
    files[file] = body
      .split('\n')
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join('\n');
  }
  return files;
}
