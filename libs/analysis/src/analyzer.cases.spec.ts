import { describe, expect, it } from 'vitest';
import { createAnalyzer } from './analyzer';

/** Mistakes seen on demo data, and the aspect readings they led to. */
describe('analysis of posts that were read wrong on demo data', () => {
  const analyzer = createAnalyzer();

  it('an outage reported as a question with no negative word is negative', () => {
    const e = analyzer.analyze({ text: 'Is @AuroraMovil down…? No data, no calls for 12 hours!!' });
    expect(e.sentiment.label).toBe('negative');
    expect(e.intents).toContain('complaint');
  });

  it('praise of us that mentions a competitor’s outage gives the outage to the competitor', () => {
    const e = analyzer.analyze({ text: 'Gracias @AuroraMovil, todo perfecto mientras @PampaTel tiene una caída masiva' });
    expect(e.sentiment.label).toBe('positive');
    expect(e.topics).not.toContain('outage');
    expect(e.intents).not.toContain('outage');
    expect(e.intents).not.toContain('complaint');
    expect(e.aspects).toContainEqual({ topic: 'outage', sentiment: 'negative', entity: 'pampatel' });
  });

  it('the same outage named after our brand stays ours', () => {
    const e = analyzer.analyze({ text: '@PampaTel anda bien, pero @AuroraMovil tiene una caída masiva' });
    expect(e.topics).toContain('outage');
    expect(e.aspects).toContainEqual({ topic: 'outage', sentiment: 'negative' });
  });

  it('an agent’s note of a call about missing service, or a question about the network, is an outage report', () => {
    for (const text of ['[Llamada] Llama por falta de servicio (datos y voz) en La Plata. Muy molesto.', 'Consulta si hay problemas de red en Berisso.']) {
      const e = analyzer.analyze({ text, lang: 'es' });
      expect(e.topics).toContain('outage');
      expect(e.intents).toContain('outage');
    }
  });

  it('"Excelente atención" is about customer service, positively', () => {
    const e = analyzer.analyze({ text: 'Excelente atención' });
    expect(e.topics).toEqual(['customer_service']);
    expect(e.aspects).toEqual([{ topic: 'customer_service', sentiment: 'positive' }]);
  });

  it('each topic carries what its own clause says', () => {
    const e = analyzer.analyze({ text: 'La señal anda bárbaro pero me cobraron de más' });
    expect(e.aspects).toEqual(
      expect.arrayContaining([
        { topic: 'coverage', sentiment: 'positive' },
        { topic: 'billing', sentiment: 'negative' },
      ]),
    );
    expect(e.aspects).toHaveLength(e.topics.length);
  });

  it('a topic whose clause says nothing takes the post’s sentiment', () => {
    const e = analyzer.analyze({ text: 'Horrible, la factura de este mes' });
    expect(e.sentiment.label).toBe('negative');
    expect(e.aspects).toEqual([{ topic: 'billing', sentiment: 'negative' }]);
  });

  it('a post without topics has no aspects', () => {
    expect(analyzer.analyze({ text: 'qué lindo día' }).aspects).toBeUndefined();
  });
});

describe('complaints in any industry', () => {
  const analyzer = createAnalyzer();
  const complaint = (text: string) => analyzer.analyze({ text }).intents.includes('complaint');

  it.each([
    '3 semanas esperando el técnico',
    'still waiting on my refund',
    '@QuickShip package says delivered but there is nothing at my door',
    '@ParcelGo never delivered my order and no one answers the phone',
    'My bank charged me twice for the same purchase @MetroBank',
    '¿Por qué @TiendaMax me cobró dos veces la misma compra?',
    '@LuzDelPlata otra vez sin luz, van 12 horas',
    'The jacket I bought last week already has a broken zipper @UrbanThreads',
  ])('complaint: %s', (text) => {
    expect(complaint(text)).toBe(true);
  });

  it.each([
    'Rain all weekend, worst weather ever',
    'Este gobierno es un desastre',
    'Odio los lunes, no tengo ganas de nada',
    '@ParcelGo can I change the delivery address after shipping?',
    'Got my new sneakers from @UrbanThreads today and they fit perfectly',
    '@BancoSur gracias por resolver lo de la tarjeta tan rápido',
  ])('not a complaint: %s', (text) => {
    expect(complaint(text)).toBe(false);
  });
});
