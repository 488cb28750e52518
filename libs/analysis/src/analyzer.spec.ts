import { describe, expect, it } from 'vitest';
import { createAnalyzer, defaultTaxonomy, detectLanguage, parseTaxonomy, STOPWORDS } from './index';

describe('createAnalyzer', () => {
  const analyzer = createAnalyzer();

  it('returns a full enrichment', () => {
    expect(analyzer.analyze({ text: 'No anda internet desde ayer @AuroraMovil 😡' })).toEqual({
      lang: 'es',
      sentiment: { label: 'negative', score: expect.any(Number) },
      topics: ['outage'],
      intents: ['complaint', 'outage'],
      entities: ['aurora'],
      aspects: [{ topic: 'outage', sentiment: 'negative' }],
    });
  });

  it('analyzeBatch gives what analyze gives, in order', () => {
    const inputs = [{ text: 'sin señal' }, { text: 'great service, thanks!' }, { text: '' }, { text: 'me paso a Vértice', lang: 'es' }];
    expect(analyzer.analyzeBatch(inputs)).toEqual(inputs.map((i) => analyzer.analyze(i)));
  });

  it('is deterministic and keeps no state between posts', () => {
    const first = analyzer.analyze({ text: 'la factura vino mal' });
    analyzer.analyze({ text: 'otra cosa completamente distinta sobre la señal' });
    expect(analyzer.analyze({ text: 'la factura vino mal' })).toEqual(first);
  });

  it('handles empty and odd input without throwing', () => {
    expect(analyzer.analyze({ text: '' })).toEqual({
      lang: 'es',
      sentiment: { label: 'neutral', score: 0 },
      topics: [],
      intents: [],
      entities: [],
    });
    expect(() => analyzer.analyze({ text: '🙂'.repeat(1000) + ' \u0000 \uFFFF ' + 'a'.repeat(10_000) })).not.toThrow();
  });

  it('explain returns the same enrichment plus the terms behind the sentiment', () => {
    const input = { text: 'excelente pero carísimo' };
    const { enrichment, sentimentTerms } = analyzer.explain(input);
    expect(enrichment).toEqual(analyzer.analyze(input));
    expect(sentimentTerms.map((t) => t.term)).toEqual(['excelente', 'carísimo']);
  });

  it('describes what it can emit', () => {
    expect(analyzer.describe()).toEqual({
      taxonomy: { id: 'telecom', version: 1 },
      topics: ['outage', 'billing', 'plans', 'coverage', 'customer_service', 'switching', 'price'],
      intents: ['complaint', 'churn', 'outage', 'question', 'purchase'],
      languages: ['es', 'en'],
      entities: ['aurora', 'pampatel', 'vertice', 'nandunet'],
    });
  });

  it('rejects a bad languages option', () => {
    expect(() => createAnalyzer({ languages: [] })).toThrow(/at least one language/);
    expect(() => createAnalyzer({ languages: ['spanish!'] })).toThrow(/not a language code/);
  });

  it('exposes the taxonomy it runs', () => {
    expect(analyzer.taxonomy).toBe(defaultTaxonomy);
    const custom = parseTaxonomy({ id: 'x', version: 2, groups: [{ id: 'g', query: 'hola' }] });
    expect(createAnalyzer({ taxonomy: custom }).taxonomy.version).toBe(2);
  });
});

describe('public helpers', () => {
  it('skippedTerms leaves out function words and the brand’s own names, not competitors or subjects', () => {
    const skipped = createAnalyzer({
      brands: { brand: { name: 'Aurora Móvil', handles: ['@AuroraMovil'], aliases: ['aurora'] }, competitors: [{ name: 'Pampa Tel' }] },
    }).skippedTerms();
    for (const w of ['aurora', 'móvil', 'movil', 'auroramovil', 'de', 'the', 'vez', 'honestly']) expect(skipped.has(w)).toBe(true);
    for (const w of ['pampa', 'señal', 'factura']) expect(skipped.has(w)).toBe(false);
  });

  it('STOPWORDS holds lower-case es and en function words, with and without accents', () => {
    for (const w of ['de', 'que', 'más', 'mas', 'the', 'and', 'dont']) expect(STOPWORDS.has(w)).toBe(true);
    for (const w of ['señal', 'factura', 'outage']) expect(STOPWORDS.has(w)).toBe(false);
    for (const w of STOPWORDS) expect(w).toBe(w.toLowerCase());
  });

  it('detectLanguage is exported', () => {
    expect(detectLanguage('the signal is gone')).toBe('en');
  });
});
