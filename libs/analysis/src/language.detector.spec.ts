import { describe, expect, it } from 'vitest';
import { createAnalyzer } from './analyzer';
import { detectLanguage } from './language.detector';

describe('detectLanguage', () => {
  it.each([
    ['No anda internet desde ayer', 'es'],
    ['sin señal', 'es'],
    ['¿alguien más?', 'es'],
    ['gracias totales', 'es'],
    ['vos sos un capo', 'es'],
    ['Internet is down again', 'en'],
    ['thanks!', 'en'],
    ['DM sent', 'en'],
    ["can't connect", 'en'],
    ['the worst', 'en'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it('never answers a language outside the configured ones, even for short tweets', () => {
    for (const text of ['ok', 'jaja', 'lol', 'Ciao a tutti', 'Obrigado pela ajuda', '👍', '']) {
      expect(['es', 'en']).toContain(detectLanguage(text));
    }
  });

  it('falls back to the first configured language when there is no evidence', () => {
    expect(detectLanguage('👍 123', ['es', 'en'])).toBe('es');
    expect(detectLanguage('👍 123', ['en', 'es'])).toBe('en');
  });

  it('with one language configured, always answers it', () => {
    expect(detectLanguage('the service is down', ['es'])).toBe('es');
  });
});

describe('the post language', () => {
  const analyzer = createAnalyzer();

  it('a given lang wins when it is configured, with regional subtags reduced to the language', () => {
    expect(analyzer.analyze({ text: 'the service is down', lang: 'es' }).lang).toBe('es');
    expect(analyzer.analyze({ text: 'sin señal', lang: 'en-US' }).lang).toBe('en');
    expect(analyzer.analyze({ text: 'sin señal', lang: 'es-AR' }).lang).toBe('es');
  });

  it('a given lang outside the configured ones is ignored and detection decides', () => {
    expect(analyzer.analyze({ text: 'sin señal desde ayer', lang: 'pt' }).lang).toBe('es');
    expect(analyzer.analyze({ text: 'no signal since yesterday', lang: 'und' }).lang).toBe('en');
  });

  it('only configured languages come out', () => {
    const englishOnly = createAnalyzer({ languages: ['en'] });
    expect(englishOnly.analyze({ text: 'sin señal desde ayer' }).lang).toBe('en');
  });
});
