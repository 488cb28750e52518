import { describe, expect, it } from 'vitest';
import { createAnalyzer, defaultTaxonomy, trainSentimentModel, type BrandConfig, type LabelledSignals } from '@escucha/analysis';
import { SwappableAnalyzer } from './taxonomy.registry';

/** A deployment's own company and rival, none of them among the built-in defaults. */
const brands: BrandConfig = {
  brand: { id: 'riofibra', name: 'Río Fibra', handles: ['@riofibra'] },
  competitors: [{ id: 'cometa', name: 'Cometa', aliases: ['kometa'] }],
};
const post = { text: 'Se cortó la fibra otra vez @riofibra, me paso a Cometa', lang: 'es' };

function aModel() {
  const analyzer = createAnalyzer();
  const examples: LabelledSignals[] = ['florp', 'grusk', 'plan'].map((text, i) => ({
    signals: analyzer.sentimentSignals({ text, lang: 'es' }),
    sentiment: (['positive', 'negative', 'neutral'] as const)[i],
  }));
  return trainSentimentModel(examples, { version: 2 });
}

describe('SwappableAnalyzer', () => {
  it('keeps the configured brands when a trained model or a new taxonomy is swapped in', () => {
    const analyzer = new SwappableAnalyzer(createAnalyzer({ brands }), undefined);
    expect(analyzer.analyze(post).entities).toEqual(['riofibra', 'cometa']);

    analyzer.useSentimentModel(aModel());
    expect(analyzer.modelVersion).toBe(2);
    expect(analyzer.describe().entities).toEqual(['riofibra', 'cometa']);
    expect(analyzer.analyze(post).entities).toEqual(['riofibra', 'cometa']);
    expect(analyzer.skippedTerms().has('riofibra')).toBe(true);
    expect(analyzer.skippedTerms().has('aurora')).toBe(false);

    analyzer.useTaxonomy({ ...defaultTaxonomy, version: defaultTaxonomy.version + 1 });
    expect(analyzer.describe().entities).toEqual(['riofibra', 'cometa']);
    expect(analyzer.describe().sentimentModel?.version).toBe(2);
    expect(analyzer.analyze({ text: 'Kometa anda mejor que @AuroraMovil', lang: 'es' }).entities).toEqual(['cometa']);
  });
});
