import { describe, expect, it } from 'vitest';
import { deltaOf, type DailyReport } from '@escucha/core';
import { dailyReportMessage, dayRange, dueDay, localDay } from './daily.report';
import { NotificationWording, notificationLabels } from './notification.wording';

const ART = -180; // Argentina, UTC−3
const row = (key: string, count: number, previous: number) => ({ key, count, previous, delta: deltaOf(count, previous) });

const aReport = (overrides: Partial<DailyReport> = {}): DailyReport => ({
  day: '2026-11-29',
  from: '2026-11-29T03:00:00.000Z',
  to: '2026-11-30T03:00:00.000Z',
  posts: 1234,
  previousPosts: 1100,
  postsDelta: deltaOf(1234, 1100),
  sentiment: { positive: 200, neutral: 534, negative: 500, net: -0.243 },
  previousNet: -0.2,
  topics: [row('outage', 320, 128), row('billing', 200, 210)],
  intents: [row('complaint', 150, 120), row('churn', 20, 5)],
  shareOfVoice: [
    { key: 'aurora', count: 700 },
    { key: 'pampatel', count: 300 },
  ],
  alerts: {
    opened: 3,
    top: [{ ruleId: 'outage', ruleName: 'Outage', scopeKey: 'region=cordoba', severity: 'high', observed: 12, expected: 1.5, openedAt: '2026-11-29T17:05:00.000Z' }],
  },
  ...overrides,
});

const SPANISH = new NotificationWording(
  'es',
  notificationLabels(
    { topics: { outage: { es: 'Cortes y caídas', en: 'Outages' }, billing: { '*': 'Billing' } }, entities: [{ id: 'aurora', name: 'Aurora Móvil' }, { id: 'pampatel', name: 'Pampa Tel' }] },
    'es',
  ),
  ART,
);

describe('days of the daily report', () => {
  it('run from local midnight to local midnight', () => {
    expect(dayRange('2026-11-29', ART)).toEqual({ from: new Date('2026-11-29T03:00:00.000Z'), to: new Date('2026-11-30T03:00:00.000Z') });
    expect(localDay(new Date('2026-11-30T02:59:00.000Z'), ART)).toBe('2026-11-29');
    expect(localDay(new Date('2026-11-30T03:00:00.000Z'), ART)).toBe('2026-11-30');
  });

  it('refuse a date that is not one', () => {
    for (const day of ['2026-02-30', '2026-13-01', '29/11/2026', '']) expect(() => dayRange(day, ART), day).toThrow(/day must be a date as YYYY-MM-DD/);
  });

  it('fall due once the local clock passes the hour; until then the day before is the latest due', () => {
    // 07:59 in Buenos Aires on the 30th: the 29th is not due before 08:00.
    expect(dueDay(new Date('2026-11-30T10:59:00.000Z'), 8, ART)).toBe('2026-11-28');
    expect(dueDay(new Date('2026-11-30T11:00:00.000Z'), 8, ART)).toBe('2026-11-29');
    expect(dueDay(new Date('2026-11-30T02:00:00.000Z'), 0, ART)).toBe('2026-11-28');
  });
});

describe('dailyReportMessage', () => {
  it('says the day in Spanish sentences, numbers written as Spanish writes them, a default rule by its Spanish name', () => {
    const message = dailyReportMessage(aReport(), SPANISH);
    expect(message.title).toBe('Escucha, resumen del 29 de noviembre de 2026: 1.234 publicaciones, sentimiento neto -24');
    expect(message.lines).toEqual([
      'Publicaciones sobre la marca: 1.234 (día anterior: 1.100).',
      'Sentimiento: 41% negativo, 43% neutro, 16% positivo. Neto: -24 (día anterior: -20).',
      'Temas: Cortes y caídas 320 (128), Billing 200 (210).',
      'Intenciones: Quejas 150 (120), Bajas 20 (5).',
      'Cuota de voz: Aurora Móvil 70%, Pampa Tel 30%.',
      'Alertas abiertas en el día: 3.\nCaídas (Córdoba): 12 publicaciones (1,5 esperadas), a las 14:05',
    ]);
  });

  it('says it in English too, and says "none" for an empty day', () => {
    const empty = aReport({ posts: 0, previousPosts: 0, postsDelta: deltaOf(0, 0), sentiment: { positive: 0, neutral: 0, negative: 0, net: 0 }, previousNet: 0, topics: [], intents: [], shareOfVoice: [], alerts: { opened: 0, top: [] } });
    const message = dailyReportMessage(empty, new NotificationWording('en', notificationLabels({ topics: {}, entities: [] }, 'en'), ART));
    expect(message.title).toBe('Escucha, summary of November 29, 2026: 0 posts, net sentiment 0');
    expect(message.lines).toEqual([
      'Posts about the brand: 0 (day before: 0).',
      'Sentiment: 0% negative, 0% neutral, 0% positive. Net: 0 (day before: 0).',
      'Topics: none.',
      'Intents: none.',
      'Share of voice: none.',
      'Alerts opened during the day: 0.',
    ]);
  });

  it('ends with a link to the day on the Report page when PUBLIC_URL is set', () => {
    const linked = new NotificationWording('es', notificationLabels({ topics: {}, entities: [] }, 'es'), ART, 'https://escucha.example.com/panel');
    expect(dailyReportMessage(aReport(), linked).lines.at(-1)).toBe('Ver en Escucha: https://escucha.example.com/panel/report?day=2026-11-29');
    expect(dailyReportMessage(aReport(), SPANISH).lines.join('\n')).not.toContain('http');
  });
});
