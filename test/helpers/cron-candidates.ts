/**
 * Each field's edge values as Temporal reads them (minute, hour, day of month, month, day of week):
 * its first two, its last two, and four around its middle, where a range's low end may meet its high end.
 */
const FIELD_EDGES = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
].map(([min, max]) => {
  const middle = Math.floor((min! + max!) / 2);
  return [...new Set([min!, min! + 1, middle - 1, middle, middle + 1, middle + 2, max! - 1, max!])].map(String);
});
/** Steps tried on every term: none, the smallest, the largest a pattern may allow, and ones past it. */
const STEPS = ['', '/1', '/2', '/99', '/100', '/0'];

/**
 * 5-field cron expressions that try one field at a time, the others `*`: each edge value, `*`,
 * every range between two edges (either way round), each with every step, and lists of four of
 * them. Many are wrong: a test keeps those a pattern matches, and checks that each is accepted.
 */
export function cronCandidates(): string[] {
  return FIELD_EDGES.flatMap((edges, index) => {
    const terms = [...edges, '*', ...edges.flatMap((low) => edges.map((high) => `${low}-${high}`))].flatMap((term) => STEPS.map((step) => `${term}${step}`));
    const lists = terms.map((term, n) => [term, terms[(n * 7) % terms.length]!, terms[(n * 13) % terms.length]!, term].join(','));
    return [...terms, ...lists].map((field) => FIELD_EDGES.map((_, other) => (other === index ? field : '*')).join(' '));
  });
}
