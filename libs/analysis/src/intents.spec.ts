import { describe, expect, it } from 'vitest';
import { createAnalyzer } from './analyzer';

const analyzer = createAnalyzer();
const intents = (text: string) => analyzer.analyze({ text }).intents;

describe('intents', () => {
  it.each([
    ['No anda internet desde ayer @AuroraMovil', ['complaint', 'outage']],
    ['sin señal en todo el barrio', ['complaint', 'outage']],
    ['The network is down again', ['complaint', 'outage']],
    ['me cobraron de más, una vergüenza', ['complaint']],
    ['I was overcharged and nobody answers', ['complaint']],
    ['Me paso a Pampa Tel', ['churn']],
    ['quiero darme de baja', ['churn']],
    ['Switching to @VerticeMovil next month', ['churn']],
    ['I want to cancel my service', ['churn']],
    ['chau @AuroraMovil, me voy', ['churn']],
    ['¿Cuánto sale el plan de 20 gigas?', ['question', 'purchase']],
    ['How much is the unlimited plan?', ['question', 'purchase']],
    ['alguien sabe si hay promo', ['question']],
    ['quiero contratar fibra', ['purchase']],
    ['qué lindo día', []],
  ])('%s → %j', (text, expected) => {
    expect(intents(text)).toEqual(expected);
  });

  it('a negative post about a service topic or the brand is a complaint without complaint words', () => {
    expect(intents('@AuroraMovil sos lo peor')).toContain('complaint');
    expect(intents('la factura vino carísima')).toContain('complaint');
  });

  it('a negative post about something else is not a complaint', () => {
    expect(intents('qué día horrible, llueve')).toEqual([]);
  });

  it('leaving is not buying', () => {
    expect(intents('me paso a Pampa Tel, quiero contratar con ellos')).toEqual(['churn']);
  });
});
