import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnalyzer, defaultTaxonomy, trainSentimentModel, type LabelledSignals } from '@escucha/analysis';
import { analysePosts, SwappableAnalyzer, type PostAnalysisInput, type PostEnricher } from '@escucha/ingest';
import { demoInputs } from '../bench/corpus';

export interface OpenedPostEnricher {
  enricher: PostEnricher;
  close(): Promise<void>;
}

/** Three days of the demo world: both languages, every channel, places in texts and in profiles. */
const POSTS: PostAnalysisInput[] = demoInputs(3_000, new Date('2026-11-20T12:00:00Z')).map((post) => ({
  text: post.text,
  lang: post.lang,
  location: post.author.location,
}));

/** A word no lexicon knows, made positive by a model trained on the deployment's labels. */
function modelLovingFlorp() {
  const analyzer = createAnalyzer();
  const examples: LabelledSignals[] = [];
  for (let i = 0; i < 60; i++) {
    for (const [word, sentiment] of [['florp', 'positive'], ['grusk', 'negative'], ['plan', 'neutral']] as const) {
      examples.push({ signals: analyzer.sentimentSignals({ text: `${word} ${['hoy', 'la linea', 'el mes', 'la app'][i % 4]}`, lang: 'es' }), sentiment });
    }
  }
  return trainSentimentModel(examples, { version: 7 });
}

/**
 * What every PostEnricher driver must do: give, for each input in order, what the analyser in
 * use at the call gives (`analysePosts`), following a new taxonomy or model from the next call.
 * `open` builds the driver on the given analyser.
 */
export function describePostEnricherContract(driverName: string, open: (analyzer: SwappableAnalyzer) => Promise<OpenedPostEnricher>): void {
  describe(`PostEnricher contract: ${driverName}`, () => {
    let analyzer: SwappableAnalyzer;
    let opened: OpenedPostEnricher;

    beforeEach(async () => {
      analyzer = new SwappableAnalyzer(createAnalyzer(), undefined);
      opened = await open(analyzer);
    });
    afterEach(() => opened.close());

    it('gives each post what the analyser in use gives it, regions included, in order', async () => {
      const expected = analysePosts(analyzer, POSTS);
      expect(await opened.enricher.enrich(POSTS)).toEqual(expected);
      // The corpus exercises what is compared: every sentiment, topics, intents and places.
      expect(new Set(expected.map((r) => r.enrichment.sentiment.label))).toEqual(new Set(['positive', 'neutral', 'negative']));
      expect(expected.filter((r) => r.regions.length > 0).length).toBeGreaterThan(100);
      expect(expected.filter((r) => r.enrichment.intents.length > 0).length).toBeGreaterThan(100);
      expect(new Set(expected.map((r) => r.enrichment.lang))).toEqual(new Set(['es', 'en']));
    });

    it('answers an empty batch with nothing', async () => {
      expect(await opened.enricher.enrich([])).toEqual([]);
    });

    it('answers many batches at once, each with its own posts', async () => {
      const batches = Array.from({ length: 24 }, (_, i) => POSTS.slice(i * 50, i * 50 + 1 + (i % 7) * 7));
      const results = await Promise.all(batches.map((batch) => opened.enricher.enrich(batch)));
      results.forEach((result, i) => expect(result).toEqual(analysePosts(analyzer, batches[i])));
    });

    it('follows a new taxonomy from the next batch', async () => {
      const post = { text: 'La fibra óptica llegó al barrio', lang: 'es' };
      expect((await opened.enricher.enrich([post]))[0].enrichment.topics).not.toContain('fibre');
      analyzer.useTaxonomy({ ...defaultTaxonomy, version: defaultTaxonomy.version + 1, groups: [...defaultTaxonomy.groups, { id: 'fibre', query: { '*': 'fibra OR fibre' } }] });
      const [after] = await opened.enricher.enrich([post]);
      expect(after.enrichment.topics).toContain('fibre');
      expect(after).toEqual(analysePosts(analyzer, [post])[0]);
    });

    it('follows a new sentiment model from the next batch', async () => {
      const post = { text: 'florp la linea', lang: 'es' };
      expect((await opened.enricher.enrich([post]))[0].enrichment.sentiment.label).toBe('neutral');
      analyzer.useSentimentModel(modelLovingFlorp());
      const [after] = await opened.enricher.enrich([post]);
      expect(after.enrichment.sentiment.label).toBe('positive');
      expect(after).toEqual(analysePosts(analyzer, [post])[0]);
    });

    it('fails a batch the analyser cannot read, and answers the next', async () => {
      await expect(opened.enricher.enrich([{ text: 42 as unknown as string }])).rejects.toThrow();
      expect(await opened.enricher.enrich(POSTS.slice(0, 3))).toEqual(analysePosts(analyzer, POSTS.slice(0, 3)));
    });
  });
}
