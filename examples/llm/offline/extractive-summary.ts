import { contentWords, sentencesOf } from './sentences';

/** Sentences in a summary. */
const SUMMARY_SENTENCES = 3;
/** Longest summary, in characters. */
const SUMMARY_MAX_CHARS = 800;

/**
 * An extractive summary: the sentences whose words recur most across the text (word frequency,
 * per sentence, favouring the opening a little), kept in the text's order. Deterministic.
 */
export function extractiveSummary(text: string): string {
  const sentences = sentencesOf(text);
  if (sentences.length <= SUMMARY_SENTENCES) return clip(sentences.join(' '));
  const frequency = new Map<string, number>();
  for (const word of contentWords(text)) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const scored = sentences.map((sentence, index) => {
    const words = contentWords(sentence);
    const weight = words.reduce((sum, word) => sum + (frequency.get(word) ?? 0), 0) / Math.sqrt(words.length || 1);
    // Articles state their point early: a small, fading bonus for the first sentences.
    return { index, score: weight * (1 + 0.5 / (index + 1)) };
  });
  const chosen = scored
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, SUMMARY_SENTENCES)
    .sort((a, b) => a.index - b.index);
  return clip(chosen.map(({ index }) => sentences[index]).join(' '));
}

function clip(summary: string): string {
  if (summary.length <= SUMMARY_MAX_CHARS) return summary;
  const cut = summary.slice(0, SUMMARY_MAX_CHARS);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : cut.length)}…`;
}
