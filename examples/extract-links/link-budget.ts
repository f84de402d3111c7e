/** Counting links in bytes, for the workflow and the activity alike (no imports: workflow-safe). */

/** Bytes `link` adds to a JSON array of links: its quoted, escaped text in UTF-8, and a comma. */
export function linkBytes(link: string): number {
  let bytes = 1;
  for (const char of JSON.stringify(link)) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** The first links, in order, up to `maxCount` of them and `maxBytes` (the first that does not fit ends the list). */
export function linksWithin(links: readonly string[], maxCount: number, maxBytes: number): string[] {
  const kept: string[] = [];
  let bytes = 0;
  for (const link of links) {
    const size = linkBytes(link);
    if (kept.length >= maxCount || bytes + size > maxBytes) break;
    kept.push(link);
    bytes += size;
  }
  return kept;
}
