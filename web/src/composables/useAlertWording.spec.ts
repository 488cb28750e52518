import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AlertTimelineEntryView } from '../api/types';
import { useMetaStore } from '../stores/meta';
import { renderedIn } from '../test-support/mount';
import { useAlertWording } from './useAlertWording';

/** The entries as the server writes them (libs/alerts/src/alert.timeline.ts). */
const entry = (wording: string, params: Record<string, string | number>, message: string, by?: string): AlertTimelineEntryView => ({
  at: '2026-11-30T20:00:00.000Z',
  kind: 'x',
  message,
  wording,
  params,
  ...(by ? { by } : {}),
});

/** What the composable words, as a component rendering it in `locale` shows it. */
const rendered = (locale: 'es' | 'en', render: (wording: ReturnType<typeof useAlertWording>) => string[]): string[] => renderedIn(locale, useAlertWording, render);

const worded = (locale: 'es' | 'en', entries: AlertTimelineEntryView[]) => rendered(locale, ({ timelineText }) => entries.map(timelineText));

describe('useAlertWording', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    useMetaStore().meta = { ...useMetaStore().meta, topicLabels: { billing: { es: 'Facturación', en: 'Billing' } }, regions: [{ id: 'cordoba', name: 'Córdoba' }] };
  });

  it('names a default rule in the reader\'s language until someone renames it, and a split\'s value by its label', () => {
    const alert = (ruleName: string) => ({ ruleId: 'outage', ruleName });
    expect(rendered('es', ({ ruleName }) => [ruleName(alert('Outage')), ruleName(alert('Caídas del NOC')), ruleName({ ruleId: 'by-region', ruleName: 'Regions' })])).toEqual([
      'Caídas',
      'Caídas del NOC',
      'Regiones',
    ]);
    expect(rendered('en', ({ ruleName }) => [ruleName(alert('Outage'))])).toEqual(['Outage']);
    expect(rendered('es', ({ scopeText }) => [scopeText('topic=billing'), scopeText('region=cordoba'), scopeText('intent=churn'), scopeText('all') || '-'])).toEqual([
      'Facturación',
      'Córdoba',
      'Baja',
      '-',
    ]);
  });

  const entries = [
    entry('opened', { observed: 12, expected: 1.5, score: 0.99 }, '12 posts in the interval, 1.5 expected (score 0.99)'),
    entry('acknowledged', {}, 'acknowledged by ana', 'ana'),
    entry('delivery-failed', { channel: 'email', event: 'opened', attempt: 1, maxAttempts: 5, error: 'HTTP 500' }, 'email opened attempt 1/5 failed, will retry: HTTP 500'),
    entry('quiet-hours', { from: '22:00', to: '07:00', channels: 'webhook,email' }, 'quiet hours (22:00–07:00): webhook and email not sent'),
  ];

  it('words the server\'s facts in Spanish, numbers and channel names included', () => {
    expect(worded('es', entries)).toEqual([
      '12 publicaciones en el intervalo, 1,5 esperadas (puntaje 0,99)',
      'reconocida por ana',
      'correo: falló el aviso de apertura (intento 1 de 5), se reintentará: HTTP 500',
      'horario de silencio (22:00 a 07:00): webhook y correo sin enviar',
    ]);
  });

  it('words them in English too', () => {
    expect(worded('en', entries)).toEqual([
      '12 posts in the interval, 1.5 expected (score 0.99)',
      'acknowledged by ana',
      'e-mail: opening notice failed (attempt 1 of 5), will retry: HTTP 500',
      'quiet hours (22:00 to 07:00): webhook and e-mail not sent',
    ]);
  });

  it('shows the server\'s English for an entry written before the facts were kept, or of a wording it does not know', () => {
    const old: AlertTimelineEntryView = { at: '2026-11-30T20:00:00.000Z', kind: 'opened', message: '12 posts in the interval' };
    expect(worded('es', [old, entry('escalated', { level: 2 }, 'escalated to level 2')])).toEqual(['12 posts in the interval', 'escalated to level 2']);
  });
});
