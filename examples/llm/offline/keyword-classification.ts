import type { Category } from '../provider';
import { contentWords } from './sentences';

/** Keywords shorter than this match whole words only ("art" is not "article"); longer ones also start words ("laborator": laboratory). */
const MIN_STEM_LENGTH = 5;

/** Words, and stems, that point to each category. */
const KEYWORDS: Record<Exclude<Category, 'other'>, string[]> = {
  technology: ['software', 'computer', 'internet', 'algorithm', 'program', 'developer', 'code', 'data', 'cloud', 'digital', 'app', 'artificial', 'machine', 'robot', 'chip', 'network', 'server', 'database', 'api', 'typescript', 'javascript', 'python', 'startup', 'llm', 'model'],
  science: ['research', 'scientist', 'study', 'studies', 'experiment', 'physics', 'chemistry', 'biology', 'universe', 'planet', 'species', 'climate', 'laborator', 'theory', 'molecul', 'astronom', 'genetic', 'evolution'],
  business: ['market', 'company', 'companies', 'revenue', 'profit', 'investor', 'stock', 'economy', 'economic', 'customer', 'sales', 'bank', 'financ', 'price', 'trade', 'ceo', 'merger', 'acquisition', 'earnings'],
  politics: ['government', 'election', 'minister', 'parliament', 'president', 'policy', 'vote', 'senate', 'congress', 'law', 'party', 'campaign', 'democra', 'diplomat', 'legislat'],
  health: ['health', 'patient', 'doctor', 'disease', 'medical', 'medicine', 'hospital', 'vaccine', 'treatment', 'symptom', 'clinical', 'therapy', 'nutrition', 'virus'],
  sports: ['match', 'team', 'player', 'league', 'championship', 'tournament', 'coach', 'goal', 'season', 'olympic', 'football', 'tennis', 'basketball', 'score', 'athlete'],
  culture: ['music', 'film', 'movie', 'book', 'novel', 'art', 'artist', 'museum', 'theatre', 'theater', 'festival', 'painting', 'poet', 'album', 'culture'],
};

/**
 * A keyword classification: the category whose keywords the text uses most, with the share of all
 * keyword hits it holds as confidence; `other` with confidence 0 when no keyword appears. Ties go
 * to the category listed first. Deterministic.
 */
export function keywordClassification(text: string): { category: Category; confidence: number } {
  const words = contentWords(text);
  let best: { category: Category; hits: number } = { category: 'other', hits: 0 };
  let total = 0;
  for (const [category, stems] of Object.entries(KEYWORDS) as [Category, string[]][]) {
    const hits = words.filter((word) => stems.some((stem) => word === stem || (stem.length >= MIN_STEM_LENGTH && word.startsWith(stem)))).length;
    total += hits;
    if (hits > best.hits) best = { category, hits };
  }
  return { category: best.category, confidence: total === 0 ? 0 : Math.round((best.hits / total) * 100) / 100 };
}
