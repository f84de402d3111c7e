import type { Entity, EntityType } from '../provider';
import { dateMentions, endsOrganizationName, endsPlaceName, taggedSentences, type TaggedTerm } from './nlp';

/** Small words that sit inside names: "Port of Rotterdam Authority", "Pieter van Oord". */
const NAME_CONNECTORS = new Set(['of', 'van', 'von', 'de', 'der', 'den', 'du', 'la', 'le', 'del', '&']);
/** Nouns that say the name after them is an organisation's: "dredging company Van Oord", "rivals Intel". */
const ORGANIZATION_BEFORE = new Set(['company', 'firm', 'group', 'contractor', 'chipmaker', 'carmaker', 'maker', 'bank', 'club', 'rival', 'rivals', 'operator', 'startup', 'insurer', 'airline', 'retailer', 'lender', 'publisher', 'broker', 'journal', 'newspaper', 'agency', 'giant']);
/** Tags that make a capitalised word no name: "The", "It", "In". */
const NOT_NAME_TAGS = ['Determiner', 'Pronoun', 'Preposition', 'Conjunction', 'QuestionWord', 'Adverb', 'Month', 'WeekDay', 'Date', 'Demonym'];
/** Roles compromise does not tag as Actor but that follow a person's name ("Boudewijn Vollebregt, the chief executive"). */
const ROLE_WORDS = new Set(['executive', 'chief', 'president', 'director', 'spokesperson', 'spokesman', 'spokeswoman', 'founder', 'chair', 'chairman', 'chairwoman']);
/** Last words of names of things (instruments, prizes, laws, events): "James Webb Space Telescope" is no person. */
const THING_WORDS = new Set(['telescope', 'prize', 'award', 'act', 'treaty', 'cup', 'mission', 'festival']);
const NAME_TAGS = ['ProperNoun', 'Person', 'Place', 'Organization', 'Acronym'];

/** How sure a mention's type is: a later, surer mention of the same name retypes it. */
const enum Evidence {
  Guess = 0,
  Tagged = 1,
  NameEnding = 2,
  Context = 3,
}

interface Mention {
  name: string;
  type: EntityType;
  evidence: Evidence;
  start: number;
}

/** A name in a sentence, with where its words are (to see what joins it to the next name). */
interface Run extends Mention {
  from: number;
  to: number;
}

/**
 * Named entities by compromise, in the order the text first mentions them, each once. compromise
 * tags the words (Person, Place, Organization, ProperNoun, ...) and compromise-dates finds dates;
 * this joins capitalised words into names ("Port of Rotterdam Authority") and types each name by,
 * strongest first: what the words around it say ("company Van Oord", "analysts at Morgan Stanley"
 * for organisations; "Sarah Moran, an astronomer" for people), its last word (compromise's
 * organisation words such as University, Authority, League, and place words such as Lake, Stadium,
 * Sea), then compromise's own tags; a name with none of these is `other`, or `person` when two or
 * three unknown capitalised words open a sentence before a verb ("Erling Haaland equalised"). A
 * name's surest type holds for all its mentions. Only the page text is read: a headline's capitals
 * say nothing about names. Deterministic.
 */
export function namedEntities(text: string, max: number): Entity[] {
  const mentions: Mention[] = dateMentions(text).map(({ text: name, start }) => ({ name, type: 'date', evidence: Evidence.Context, start }));
  for (const sentence of taggedSentences(text)) mentions.push(...nameMentions(sentence.terms));

  const byName = new Map<string, Mention>();
  for (const mention of mentions.sort((a, b) => a.start - b.start)) {
    const key = mention.name.toLowerCase();
    const known = byName.get(key);
    if (!known) byName.set(key, { ...mention });
    else {
      if (mention.evidence > known.evidence) Object.assign(known, { type: mention.type, evidence: mention.evidence });
      // A dateline's "ROTTERDAM" reads better as the "Rotterdam" the text goes on to use.
      if (isAllCapitals(known.name) && !isAllCapitals(mention.name)) known.name = mention.name;
    }
  }
  return [...byName.values()].slice(0, max).map(({ name, type }) => ({ name, type }));
}

/** The names in one sentence's words: runs of capitalised name words, each typed. */
function nameMentions(terms: TaggedTerm[]): Mention[] {
  const mentions: Run[] = [];
  let index = 0;
  while (index < terms.length) {
    if (!isNameWord(terms, index)) {
      index += 1;
      continue;
    }
    let end = index + 1;
    while (end < terms.length && !endsRun(terms[end - 1])) {
      if (isNameWord(terms, end)) end += 1;
      else if (NAME_CONNECTORS.has(terms[end]?.normal ?? '') && !endsRun(terms[end]) && isNameWord(terms, end + 1)) end += 2;
      else break;
    }
    const run = terms.slice(index, end);
    const name = nameOf(run);
    // "AI", "GJ": two capitals name nothing reliably.
    if (!/^\p{Lu}{1,2}$/u.test(name)) mentions.push({ name, ...typeOf(terms, index, end), start: run[0]?.offset.start ?? 0, from: index, to: end });
    index = end;
  }
  return typedByNeighbours(terms, mentions);
}

/**
 * Names listed together are of a kind: "Microsoft and Amazon", "Antwerp and Hamburg" (an untyped
 * name takes its neighbour's type), and "Santa Clara, California" (a name after a place and a
 * comma is a place, whatever compromise guessed).
 */
function typedByNeighbours(terms: TaggedTerm[], runs: Run[]): Run[] {
  for (const [index, run] of runs.entries()) {
    const previous = runs[index - 1];
    if (!previous) continue;
    const between = terms.slice(previous.to, run.from);
    const listed = between.length === 1 && ['and', 'or'].includes(between[0]?.normal ?? '') && !endsRun(terms[previous.to - 1]);
    const afterComma = between.length === 0 && terms[previous.to - 1]?.post.trim() === ',';
    if (listed && run.type === 'other' && previous.type !== 'other') Object.assign(run, { type: previous.type, evidence: Evidence.Tagged });
    else if (listed && previous.type === 'other' && run.type !== 'other') Object.assign(previous, { type: run.type, evidence: Evidence.Tagged });
    if (afterComma && previous.type === 'place' && run.evidence <= Evidence.Tagged) Object.assign(run, { type: 'place', evidence: Evidence.Tagged });
  }
  return runs;
}

function typeOf(terms: TaggedTerm[], start: number, end: number): Pick<Mention, 'type' | 'evidence'> {
  const run = terms.slice(start, end);
  const last = run[run.length - 1];
  if (!last) return { type: 'other', evidence: Evidence.Guess };
  const before = terms[start - 1];
  const twoBefore = terms[start - 2];
  if (before && ORGANIZATION_BEFORE.has(before.root ?? before.normal)) return { type: 'organization', evidence: Evidence.Context };
  // Analysts at Morgan Stanley, an astronomer at the University of Arizona: people work at organisations.
  const atWork = before?.normal === 'the' ? [twoBefore, terms[start - 3]] : [before, twoBefore];
  if (atWork[0]?.normal === 'at' && atWork[1]?.tags.includes('Actor')) return { type: 'organization', evidence: Evidence.Context };
  if (isFollowedByRole(terms, end) || (before?.tags.includes('Actor') && !before.tags.includes('ProperNoun') && run.length >= 2)) return { type: 'person', evidence: Evidence.Context };
  if (THING_WORDS.has(last.normal)) return { type: 'other', evidence: Evidence.NameEnding };
  const tagged = taggedType(run);
  // compromise knows "Manchester City" is a club although "City" ends places.
  if (endsOrganizationName(last.normal) || (tagged === 'organization' && run.every((term) => term.tags.includes('Organization')))) return { type: 'organization', evidence: Evidence.NameEnding };
  if (endsPlaceName(last.normal)) return { type: 'place', evidence: Evidence.NameEnding };
  if (tagged) return { type: tagged, evidence: Evidence.Tagged };
  // "Erling Haaland equalised": two or three capitalised words nobody knows, doing something.
  if (run.length >= 2 && run.length <= 3 && terms[end]?.tags.includes('Verb')) return { type: 'person', evidence: Evidence.Guess };
  return { type: 'other', evidence: Evidence.Guess };
}

/** The type compromise gave most of the run's words (organisation, then place, then person on a tie). */
function taggedType(run: TaggedTerm[]): EntityType | undefined {
  const count = (tag: string) => run.filter((term) => term.tags.includes(tag)).length;
  const counts: [EntityType, number][] = [
    ['organization', count('Organization')],
    ['place', count('Place')],
    ['person', count('Person')],
  ];
  const [type, votes] = counts.reduce((best, next) => (next[1] > best[1] ? next : best));
  return votes > 0 ? type : undefined;
}

/** "Sarah Moran, an astronomer", "Mikel Arteta, the Arsenal manager": a comma, then a role. */
function isFollowedByRole(terms: TaggedTerm[], end: number): boolean {
  if (!terms[end - 1]?.post.includes(',')) return false;
  for (let index = end; index < Math.min(terms.length, end + 6); index += 1) {
    const term = terms[index];
    if (!term) return false;
    if ((term.tags.includes('Actor') && !term.tags.includes('ProperNoun')) || ROLE_WORDS.has(term.normal)) return true;
    if (term.post.trim() !== '' && !term.post.includes("'")) return false;
  }
  return false;
}

/**
 * A capitalised word compromise reads as (part of) a name. A sentence's first word is capitalised
 * anyway, so compromise does not call it a name on its own: it is one when a name word follows
 * ("Bukayo Saka opened ...") and compromise did not read it as an article, pronoun, ...
 */
function isNameWord(terms: TaggedTerm[], index: number): boolean {
  const term = terms[index];
  if (!term || !/^\p{Lu}/u.test(term.text) || NOT_NAME_TAGS.some((tag) => term.tags.includes(tag))) return false;
  if (NAME_TAGS.some((tag) => term.tags.includes(tag)) && !(index === 0 && term.tags.includes('Adjective'))) return true;
  // "the Premier League": a capitalised adjective inside a name.
  if (index > 0 && term.tags.includes('Adjective')) return !endsRun(term) && isNameWord(terms, index + 1);
  const opensSentence = index === 0 && !term.tags.includes('Plural') && !ORGANIZATION_BEFORE.has(term.normal);
  return opensSentence && !endsRun(term) && isNameWord(terms, 1);
}

/** Punctuation after a word ends a name: "Rotterdam, Antwerp", "Nature. The". */
function endsRun(term: TaggedTerm | undefined): boolean {
  return term === undefined || /[^\s'’]/u.test(term.post);
}

function nameOf(run: TaggedTerm[]): string {
  return run
    .map((term) => term.text)
    .join(' ')
    .replace(/['’]s$/u, '');
}

function isAllCapitals(name: string): boolean {
  return name.length > 4 && name === name.toUpperCase();
}
