import { describe, expect, it } from 'vitest';
import { offlineProvider, OFFLINE_MODEL } from './offline-provider';
import { sentencesOf } from './offline/sentences';

const ARTICLE = {
  title: 'A study of language models',
  text: [
    'Researchers at the University of Oxford published a study of large language models on 12 March 2024.',
    'The study, led by Dr. Jane Smith, found that software developers in London and Paris use AI assistants for code every day.',
    'NASA and the European Space Agency were not involved.',
    'Grace Hopper would have liked the algorithm, the authors said.',
    'The weather was mild.',
    'The data was collected between January 2023 and 2024-02-01 across Germany, from developers writing software.',
  ].join(' '),
};

describe('offline provider (no network, no key)', () => {
  const provider = offlineProvider();

  it('summarises by extracting the sentences whose words recur most, in the text order, and says who produced it', async () => {
    const summary = await provider.summarize(ARTICLE);
    expect(summary.provider).toBe('offline');
    expect(summary.model).toBe(OFFLINE_MODEL);
    const sentences = sentencesOf(summary.text);
    expect(sentences.length).toBe(3);
    expect(summary.text).not.toContain('The weather was mild.');
    for (const sentence of sentences) expect(ARTICLE.text).toContain(sentence);
    expect(ARTICLE.text.indexOf(sentences[0] ?? '')).toBeLessThan(ARTICLE.text.indexOf(sentences[1] ?? ''));
  });

  it('keeps an abbreviation inside its sentence ("Dr. Jane Smith")', async () => {
    const summary = await provider.summarize({ title: 't', text: 'Dr. Jane Smith leads the study. It matters. Models matter. Study models.' });
    expect(summary.text.startsWith('Dr. Jane Smith leads the study.')).toBe(true);
  });

  it('finds entities by pattern, typed: people, organisations, places and dates, each once, in the order of the text', async () => {
    const { items } = await provider.extractEntities(ARTICLE, 20);
    expect(items).toEqual([
      { name: 'University of Oxford', type: 'organization' },
      { name: '12 March 2024', type: 'date' },
      { name: 'Jane Smith', type: 'person' },
      { name: 'London', type: 'place' },
      { name: 'Paris', type: 'place' },
      { name: 'NASA', type: 'organization' },
      { name: 'European Space Agency', type: 'organization' },
      { name: 'Grace Hopper', type: 'person' },
      { name: 'January 2023', type: 'date' },
      { name: '2024-02-01', type: 'date' },
      { name: 'Germany', type: 'place' },
    ]);
  });

  it('returns at most max entities', async () => {
    expect((await provider.extractEntities(ARTICLE, 3)).items).toHaveLength(3);
  });

  it('classifies by keywords, with the share of keyword hits as confidence; other with 0 when none appears', async () => {
    const classification = await provider.classify(ARTICLE);
    expect(classification).toMatchObject({ category: 'technology', provider: 'offline', model: OFFLINE_MODEL });
    expect(classification.confidence).toBeGreaterThan(0.5);
    expect(classification.confidence).toBeLessThanOrEqual(1);
    expect(await provider.classify({ title: 'Match report', text: 'The team won the championship final; the coach praised every player.' })).toMatchObject({ category: 'sports' });
    expect(await provider.classify({ title: 'Nothing', text: 'Blue skies over green fields.' })).toMatchObject({ category: 'other', confidence: 0 });
  });

  it('is deterministic: the same page gives the same answers', async () => {
    const twice = await Promise.all([0, 1].map(async () => [await provider.summarize(ARTICLE), await provider.extractEntities(ARTICLE, 10), await provider.classify(ARTICLE)]));
    expect(twice[0]).toEqual(twice[1]);
  });
});
