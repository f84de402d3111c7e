import { ENTITY_NAME_MAX_CHARS, SUMMARY_MAX_CHARS, type Entity } from './provider';

/** `text` cut to `max` characters at the last word that fits, with an ellipsis, when it is longer. */
export function clipped(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/** A summary within SUMMARY_MAX_CHARS. */
export function withinSummaryLimit(summary: string): string {
  return clipped(summary.trim(), SUMMARY_MAX_CHARS);
}

/** At most `max` entities, each name within ENTITY_NAME_MAX_CHARS, each name once (the first type given wins). */
export function withinEntityLimits(entities: Entity[], max: number): Entity[] {
  const seen = new Set<string>();
  const kept: Entity[] = [];
  for (const { name, type } of entities) {
    const limited = clipped(name.trim(), ENTITY_NAME_MAX_CHARS);
    if (limited === '' || seen.has(limited.toLowerCase())) continue;
    seen.add(limited.toLowerCase());
    kept.push({ name: limited, type });
    if (kept.length >= max) break;
  }
  return kept;
}
