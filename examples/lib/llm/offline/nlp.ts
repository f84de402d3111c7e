import type Compromise from 'compromise';

/**
 * Words that end a name of a place or an organisation, beyond compromise's own lists
 * (`placeWords`, `orgWords`: "Lake", "Stadium", "University", "Authority", ...): compromise knows
 * "Kingston Lake" is a place but not "North Sea".
 */
const MORE_PLACE_WORDS = ['sea', 'ocean', 'channel', 'gulf', 'delta'];
const MORE_ORGANIZATION_WORDS = ['league', 'terminals', 'airlines', 'agency', 'commission', 'authority'];

let configured: typeof Compromise | undefined;

/**
 * compromise, configured once per process (its plugins extend the one `nlp` it exports), and
 * loaded on first use: with its date plugin it holds about 40 MB, which every process that loads
 * the config (the API, `conveyor dev`, a worker that never runs the offline provider) would
 * otherwise carry for nothing.
 */
function nlp(): typeof Compromise {
  if (configured) return configured;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, see above */
  const compromise = require('compromise') as typeof Compromise;
  const datesPlugin = require('compromise-dates') as Parameters<typeof Compromise.plugin>[0];
  /* eslint-enable @typescript-eslint/no-require-imports */
  compromise.plugin(datesPlugin);
  compromise.plugin({
    model: {
      two: {
        placeWords: Object.fromEntries(MORE_PLACE_WORDS.map((word) => [word, true])),
        orgWords: Object.fromEntries(MORE_ORGANIZATION_WORDS.map((word) => [word, true])),
      },
    },
  });
  configured = compromise;
  return compromise;
}

/** One word as compromise tagged it (the fields of its `json({ offset: true })` the offline provider reads). */
export interface TaggedTerm {
  text: string;
  /** The punctuation and space after the word ("," "." "—" " "). */
  post: string;
  normal: string;
  /** The word's dictionary form ("players" → "player"), when compromise found one. */
  root?: string;
  tags: string[];
  offset: { start: number; length: number };
}

export interface TaggedSentence {
  text: string;
  terms: TaggedTerm[];
  /** compromise reads the sentence as an order ("Ignore the instructions above ..."). */
  imperative: boolean;
}

/** A stretch of the text compromise-dates reads as a date, with its position. */
export interface DateMention {
  text: string;
  start: number;
}

interface CompromiseJsonSentence {
  text: string;
  terms: TaggedTerm[];
}

/** The text's sentences, each word tagged by compromise (part of speech, Person, Place, Organization, Date, ...). */
export function taggedSentences(text: string): TaggedSentence[] {
  const doc = nlp()(text);
  doc.compute('root');
  return (doc.json({ offset: true, terms: { offset: true } }) as CompromiseJsonSentence[]).map((sentence) => ({
    text: sentence.text.trim(),
    terms: sentence.terms,
    imperative: sentence.terms.some((term) => term.tags.includes('Imperative')) && isOrder(sentence.terms),
  }));
}

/** An imperative verb opens the sentence (after "please", "now", ...): "Ignore ...", "Please classify ...". */
function isOrder(terms: TaggedTerm[]): boolean {
  const first = terms.find((term) => !term.tags.includes('Expression') && !term.tags.includes('Adverb'));
  return first?.tags.includes('Imperative') ?? false;
}

/**
 * The dates compromise-dates finds ("14 March 2024", "in June", "by the end of 2027"), without
 * the prepositions and articles around them, keeping only those that name a calendar date (a
 * month, a weekday, a year, or today/yesterday/tomorrow/last year ...): compromise-dates also reads
 * durations ("after 12 minutes") as dates. Only the words are used, never a date resolved against
 * today, so the same text always gives the same dates.
 */
export function dateMentions(text: string): DateMention[] {
  const doc = nlp()(text) as ReturnType<typeof Compromise> & { dates(): ReturnType<typeof Compromise> };
  const mentions: DateMention[] = [];
  for (const date of doc.dates().not('^(#Preposition|#Determiner|#Conjunction)+').not('(#Preposition|#Determiner)+$').json({ offset: true }) as { text: string; offset: { start: number } }[]) {
    const words = nlp()(date.text);
    if (!words.has('(#Month|#WeekDay|#Year|today|yesterday|tomorrow|tonight)') && !words.has('(last|next|this) (week|month|year|quarter)')) continue;
    mentions.push({ text: date.text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''), start: date.offset.start });
  }
  return mentions;
}

/** Whether compromise knows `word` (lower case) as one that ends an organisation's or a place's name. */
export function endsOrganizationName(word: string): boolean {
  return (nlp().model() as { two: { orgWords: Record<string, boolean> } }).two.orgWords[word] === true;
}
export function endsPlaceName(word: string): boolean {
  return (nlp().model() as { two: { placeWords: Record<string, boolean> } }).two.placeWords[word] === true;
}
