import { withinSummaryLimit } from '../limits';
import { SUMMARY_MAX_CHARS } from '../provider';
import { taggedSentences } from './nlp';

/** Sentences in a summary. */
const SUMMARY_SENTENCES = 3;

/**
 * The page's leading sentences (compromise's sentence splitting, which keeps "Dr. Smith" whole):
 * a news article states its point first. At most three, fewer when the next would pass the
 * summary limit; a first sentence longer than the limit is cut at a word. Deterministic.
 */
export function leadingSummary(text: string): string {
  const sentences = taggedSentences(text).map((sentence) => sentence.text);
  let summary = sentences[0] ?? '';
  for (const sentence of sentences.slice(1, SUMMARY_SENTENCES)) {
    if (summary.length + 1 + sentence.length > SUMMARY_MAX_CHARS) break;
    summary = `${summary} ${sentence}`;
  }
  return withinSummaryLimit(summary);
}
