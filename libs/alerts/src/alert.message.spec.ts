import { describe, expect, it } from 'vitest';
import type { Alert, AlertRule } from '@escucha/core';
import { alertMessage, webhookPayload } from './alert.message';
import { defaultAlertRules } from './default.rules';
import { NotificationWording, notificationLabels } from './notification.wording';

const ART = -180;
const OPENED = new Date('2026-11-29T17:05:00.000Z'); // 14:05 in Buenos Aires
const VOCABULARY = { topics: { billing: { es: 'Facturación', en: 'Billing' } }, entities: [] };
const wording = (language: 'es' | 'en') => new NotificationWording(language, notificationLabels(VOCABULARY, language), ART);

function aRule(id: string, overrides: Partial<AlertRule> = {}): AlertRule {
  const made = defaultAlertRules([]).find((rule) => rule.id === id);
  if (!made) throw new Error(`no default rule ${id}`);
  return { ...made, createdAt: OPENED, updatedAt: OPENED, ...overrides };
}

function anAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: `outage|all|${OPENED.getTime()}`, ruleId: 'outage', ruleName: 'Outage', scopeKey: 'all', state: 'open', severity: 'high', observed: 1234, expected: 8.25, peak: 1234, score: 0.99,
    persistence: 3, minCount: 5, openedAt: OPENED, lastSeenAt: OPENED, postIds: [], regions: [{ region: 'cordoba', count: 30 }, { region: 'entre-rios', count: 5 }], timeline: [],
    ...overrides,
  };
}

describe('alertMessage', () => {
  it('words an opened alert in Spanish: the default rule by its Spanish name, numbers and local time as Argentina writes them', () => {
    const message = alertMessage('opened', aRule('outage'), [anAlert()], wording('es'));
    expect(message).toEqual({
      title: '[Escucha] Alerta: Caídas',
      lines: [
        'Caídas: 1.234 publicaciones en el intervalo, 8,3 esperadas; severidad alta. Más afectadas: Córdoba (30), Entre Ríos (5).',
        `Abierta el 29 de noviembre de 2026 a las 14:05 (hora local). Alerta outage|all|${OPENED.getTime()}.`,
      ],
    });
  });

  it('names the part of a split rule the alert is about by its label, and keeps a name someone gave the rule', () => {
    const rule = aRule('negative-by-topic', { name: 'Facturación NOC' });
    const alert = anAlert({ id: 'negative-by-topic|topic=billing|1', ruleId: rule.id, scopeKey: 'topic=billing', severity: 'medium', regions: [] });
    const spanish = alertMessage('opened', rule, [alert], wording('es'));
    expect(spanish.title).toBe('[Escucha] Alerta: Facturación NOC (Facturación)');
    expect(spanish.lines[0]).toBe('Facturación NOC (Facturación): 1.234 publicaciones en el intervalo, 8,3 esperadas; severidad media.');
    const bySource = anAlert({ ruleId: 'by-source', scopeKey: 'source=callcenter', regions: [] });
    expect(alertMessage('opened', aRule('by-source'), [bySource], wording('es')).title).toBe('[Escucha] Alerta: Fuentes (Centro de llamadas)');
    expect(alertMessage('opened', aRule('by-source'), [bySource], wording('en')).title).toBe('[Escucha] Alert: Sources (Call center)');
  });

  it('words a resolution and a digest, in English too', () => {
    const resolvedAt = new Date('2026-11-29T18:40:00.000Z');
    expect(alertMessage('resolved', aRule('outage'), [anAlert({ state: 'resolved', resolvedAt })], wording('en'))).toEqual({
      title: '[Escucha] Resolved: Outage',
      lines: ['Outage: 1,234 posts in the interval, 8.3 expected; severity high. Most affected: Córdoba (30), Entre Ríos (5).', 'Resolved November 29, 2026 at 15:40 (local time).'],
    });
    const digest = alertMessage('digest', aRule('outage'), [anAlert(), anAlert({ openedAt: resolvedAt, regions: [] })], wording('es'));
    expect(digest.title).toBe('[Escucha] Caídas: 2 alertas');
    expect(digest.lines).toEqual([
      '• 14:05 Caídas: 1.234 publicaciones en el intervalo, 8,3 esperadas; severidad alta. Más afectadas: Córdoba (30), Entre Ríos (5).',
      '• 15:40 Caídas: 1.234 publicaciones en el intervalo, 8,3 esperadas; severidad alta.',
    ]);
    expect(alertMessage('digest', aRule('outage'), [anAlert()], wording('en')).title).toBe('[Escucha] Outage: 1 alert');
  });

  it('puts the same words in the webhook text, and the facts as they are for machines', () => {
    const payload = webhookPayload('opened', aRule('outage'), [anAlert()], wording('es'));
    expect(payload.text).toMatch(/^\[Escucha\] Alerta: Caídas\nCaídas: 1\.234 publicaciones/);
    expect(payload.escucha).toMatchObject({ event: 'opened', ruleId: 'outage', alerts: [{ observed: 1234, expected: 8.25, openedAt: OPENED.toISOString() }] });
  });
});

describe('links to the dashboard (PUBLIC_URL)', () => {
  const linked = (language: 'es' | 'en') => new NotificationWording(language, notificationLabels(VOCABULARY, language), ART, 'https://escucha.example.com');

  it('end an alert\'s message with the Alerts page opened on it, and a digest\'s with the Alerts page', () => {
    const alert = anAlert();
    expect(alertMessage('opened', aRule('outage'), [alert], linked('es')).lines.at(-1)).toBe(
      `Ver en Escucha: https://escucha.example.com/alerts?alert=${encodeURIComponent(alert.id)}`,
    );
    expect(alertMessage('resolved', aRule('outage'), [alert], linked('en')).lines.at(-1)).toBe(`See it in Escucha: https://escucha.example.com/alerts?alert=outage%7Call%7C${OPENED.getTime()}`);
    expect(alertMessage('digest', aRule('outage'), [alert], linked('es')).lines.at(-1)).toBe('Ver en Escucha: https://escucha.example.com/alerts');
  });

  it('are left out without PUBLIC_URL', () => {
    expect(alertMessage('opened', aRule('outage'), [anAlert()], wording('es')).lines.join('\n')).not.toContain('http');
  });
});
