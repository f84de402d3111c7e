/** Just enough Markdown reading for checking the docs: fences, headings with GitHub's anchors, links, inline code. */

/** One line of a page, with its number and whether it sits inside a fenced code block. */
export interface PageLine {
  number: number;
  text: string;
  inFence: boolean;
}

/** The page's lines; a fence line (```, indented in a list item or not) counts as inside its block. */
export function pageLines(markdown: string): PageLine[] {
  let inFence = false;
  return markdown.split('\n').map((text, index) => {
    const isFence = text.trimStart().startsWith('```');
    if (isFence) inFence = !inFence;
    return { number: index + 1, text, inFence: inFence || isFence };
  });
}

/** The anchor GitHub gives a heading: its rendered text, lower case, punctuation dropped, each space a hyphen. */
export function githubSlug(heading: string): string {
  const rendered = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '');
  return rendered
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every heading's anchor, a repeated one numbered as GitHub numbers it (`-1`, `-2`). */
export function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of pageLines(markdown)) {
    const heading = line.inFence ? undefined : /^#{1,6} (.+)$/.exec(line.text)?.[1];
    if (heading === undefined) continue;
    const slug = githubSlug(heading);
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}

/** The targets of the page's inline links `[text](target)`, outside code blocks, with the line they are on. */
export function linkTargets(markdown: string): { line: number; target: string }[] {
  return pageLines(markdown)
    .filter((line) => !line.inFence)
    .flatMap((line) => [...withoutInlineCode(line.text).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => ({ line: line.number, target: match[1]! })));
}

/** The contents of the page's inline code spans (`like this`), outside code blocks. */
export function inlineCode(markdown: string): { line: number; code: string }[] {
  return pageLines(markdown)
    .filter((line) => !line.inFence)
    .flatMap((line) => [...line.text.matchAll(/`([^`]+)`/g)].map((match) => ({ line: line.number, code: match[1]! })));
}

/** The lines inside the page's fenced code blocks. */
export function codeBlockLines(markdown: string): PageLine[] {
  return pageLines(markdown).filter((line) => line.inFence && !line.text.trimStart().startsWith('```'));
}

function withoutInlineCode(text: string): string {
  return text.replace(/`[^`]*`/g, '``');
}
