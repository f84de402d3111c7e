import type { Entity, EntityType } from '../provider';
import { PLACES } from './places';

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
/** "12 March 2024", "March 12, 2024", "March 2024", "2024-03-12". */
const DATE = new RegExp(`\\b(?:\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\.?,?\\s+\\d{4}|${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|${MONTH}\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2})\\b`, 'g');
/** Runs of capitalised words, with the small words names carry inside ("Bank of England", "Vincent van Gogh"). */
const CAPITALISED_RUN = /\b\p{Lu}[\p{L}\p{N}'’&.-]*(?:\s+(?:(?:of|for|de|del|der|van|von|la|le|du)\s+)?\p{Lu}[\p{L}\p{N}'’&.-]*)*/gu;
/** NASA, IBM, UNESCO: three to six capitals (two would take AI, TV, OK for organisations). */
const ACRONYM = /^\p{Lu}{3,6}s?$/u;

const ORGANIZATION_WORDS = new Set(
  'Inc Inc. Corp Corp. Corporation Ltd Ltd. LLC GmbH Company Co. University Institute Foundation Agency Association Bank Group Labs Laboratory Ministry Council Commission Committee Party Society Museum Press Times News Department Office Organization Organisation Union Federation Club College School Hospital Court Parliament Senate Congress Microsystems Technologies Systems'.split(' '),
);
const PLACE_WORDS = new Set('Mount Lake River Sea Ocean Bay Island Islands Valley Street Avenue City County Province State Republic Kingdom'.split(' '));
const HONORIFICS = new Set('Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Prof Prof. Sir Dame President Senator Minister Judge King Queen Pope Saint St.'.split(' '));
/** Capitalised words that open sentences or name days and months rather than entities. */
const NOT_NAMES = new Set(
  ('The A An In On At For From To Of And But Or If When While After Before This That These Those It Its Our We They He She I You Your His Her Their ' +
    'There Here What Why How Who Which With Without By As Is Are Was Were Be Not No Yes All Some Many Most Each Every Also However Today Yesterday Tomorrow ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December').split(' '),
);

interface Found extends Entity {
  at: number;
}

/**
 * Entities found by patterns, in the order the text mentions them, each once: dates (written out
 * or ISO), organisations (a name ending in Inc, University, Bank, ... or an acronym), places (a
 * gazetteer of countries and large cities, or names with Mount, River, City, ...), and people (two
 * to four capitalised words, or a name after Dr, President, ...). Deterministic.
 */
export function patternEntities(text: string, max: number): Entity[] {
  const found: Found[] = [];
  for (const match of text.matchAll(DATE)) found.push({ name: match[0].replace(/\s+/g, ' '), type: 'date', at: match.index });
  const dateSpans = found.map(({ at, name }) => [at, at + name.length] as const);
  for (const match of text.matchAll(CAPITALISED_RUN)) {
    if (dateSpans.some(([start, end]) => match.index < end && match.index + match[0].length > start)) continue;
    const entity = classifyRun(match[0]);
    if (entity) found.push({ ...entity, at: match.index });
  }
  const seen = new Set<string>();
  const entities: Entity[] = [];
  for (const { name, type } of found.sort((a, b) => a.at - b.at)) {
    const key = name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    entities.push({ name, type });
    if (entities.length === max) break;
  }
  return entities;
}

function classifyRun(run: string): Entity | undefined {
  const words = run.split(/\s+/).map((word) => word.replace(/[.’']+$|’s$|'s$/u, (end) => (end === '.' && HONORIFICS.has(word) ? end : '')));
  while (words.length > 0 && NOT_NAMES.has(words[0] ?? '')) words.shift();
  if (words.length === 0) return undefined;
  const honorific = HONORIFICS.has(words[0] ?? '');
  const nameWords = honorific ? words.slice(1) : words;
  const name = nameWords.join(' ');
  if (!name || nameWords.every((word) => NOT_NAMES.has(word))) return undefined;
  const type = typeOf(nameWords, honorific);
  return type ? { name, type } : undefined;
}

function typeOf(words: string[], honorific: boolean): EntityType | undefined {
  const name = words.join(' ');
  if (honorific) return 'person';
  if (words.some((word) => ORGANIZATION_WORDS.has(word))) return 'organization';
  if (PLACES.has(name) || words.some((word) => PLACE_WORDS.has(word))) return 'place';
  if (words.length === 1) return ACRONYM.test(name) ? 'organization' : undefined;
  const capitalisedOnly = words.every((word) => /^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?$/u.test(word));
  if (capitalisedOnly && words.length <= 4) return 'person';
  return 'other';
}
