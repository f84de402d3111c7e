/** Common words that say nothing about what a text is about. */
export const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it its ' +
    'may more most my no not of on or our out over she so than that the their them then there these they this those to ' +
    'up us was we were what when where which while who why will with would you your also after before about just only ' +
    'other some such very one two new said says'
  ).split(' '),
);

/** Split after . ! ? and a space before a capital, digit or quote; not after an abbreviation ("Dr. Smith"). */
const SENTENCE_END = /(?<=[.!?])(?<!\b(?:Dr|Mr|Mrs|Ms|Prof|St|Sr|Jr|Inc|Ltd|Co|Corp|vs|No|e\.g|i\.e)\.)\s+(?=["'“(\p{Lu}\d])/u;

/** The text's sentences, in order. */
export function sentencesOf(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(SENTENCE_END)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

/** The text's words, lower case, without stopwords and short tokens. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/\p{L}[\p{L}\p{N}'-]*/gu) ?? []).filter((word) => word.length > 2 && !STOPWORDS.has(word));
}
