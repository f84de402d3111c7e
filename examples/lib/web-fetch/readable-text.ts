import { Readability } from '@mozilla/readability';

/** linkedom publishes ES-module typings only; a dynamic import loads it from this CommonJS package. */
const linkedom = () => import('linkedom');

/** A page's main content as plain text. */
export interface ReadableText {
  title: string;
  text: string;
}

/**
 * Less main content than this is no article: Readability, finding nothing better, hands back
 * whatever is left (a page of navigation yields "Home").
 */
export const MIN_READABLE_CHARS = 100;

/** Elements after which the text breaks into a new paragraph. */
const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, pre, blockquote, tr, dt, dd, figcaption, br, div, section, article';

/**
 * The main content and title of an HTML page, the way Firefox's reader view finds them
 * (@mozilla/readability over linkedom's DOM): scripts, styles, navigation, headers, footers and
 * other boilerplate are left out. Undefined when the page has no readable content (less than
 * {@link MIN_READABLE_CHARS} characters of it).
 */
export async function readableText(html: string, url: string): Promise<ReadableText | undefined> {
  const { parseHTML } = await linkedom();
  const { document } = parseHTML(html);
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 100 }).parse();
  if (!article?.content) return undefined;
  const text = plainText(parseHTML, article.content);
  if (text.length < MIN_READABLE_CHARS) return undefined;
  const title = (article.title ?? '').trim() || new URL(url).hostname;
  return { title, text };
}

/** The text of an HTML fragment, with a blank line between blocks and runs of spaces collapsed. */
function plainText(parseHTML: Awaited<ReturnType<typeof linkedom>>['parseHTML'], fragment: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${fragment}</body></html>`);
  for (const block of document.querySelectorAll(BLOCKS)) block.after(document.createTextNode('\n\n'));
  return (document.body.textContent ?? '')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .split('\n')
    .map((line: string) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * `text` cut to at most `maxChars` characters, at the last word boundary when there is one close
 * by, so an LLM sees whole words.
 */
export function truncateText(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  const cut = text.slice(0, maxChars);
  const boundary = cut.search(/\s\S*$/);
  return { text: (boundary > maxChars * 0.8 ? cut.slice(0, boundary) : cut).trimEnd(), truncated: true };
}
