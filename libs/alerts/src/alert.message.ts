import { regionName, type Alert, type AlertRule } from '@escucha/core';
import type { NotificationWording } from './notification.wording';

export type AlertMessageEvent = 'opened' | 'resolved' | 'digest';

/** What a person reads, in every channel: a title and a few lines. */
export interface AlertMessage {
  title: string;
  lines: string[];
}

/** `Caídas (Córdoba): 12 publicaciones en el intervalo, 1,5 esperadas; severidad alta. Más afectadas: …` */
function facts(alert: Alert, rule: AlertRule, wording: NotificationWording): string {
  const { alert: words, severity } = wording.words;
  const regions = alert.regions.length > 0 ? words.regions(alert.regions.map((r) => `${regionName(r.region)} (${wording.number(r.count)})`).join(', ')) : '';
  const what = `${wording.ruleName(rule)}${wording.scope(alert.scopeKey)}`;
  return `${words.facts(what, wording.number(alert.observed), wording.number(alert.expected), severity[alert.severity])}${regions}`;
}

/** The message for one event of `rule`, in the wording's language and local time. */
export function alertMessage(event: AlertMessageEvent, rule: AlertRule, alerts: readonly Alert[], wording: NotificationWording): AlertMessage {
  const words = wording.words.alert;
  const name = wording.ruleName(rule);
  if (event === 'digest') {
    return {
      title: words.digest(name, alerts.length, wording.number(alerts.length)),
      lines: [...alerts.map((a) => `• ${wording.time(a.openedAt)} ${facts(a, rule, wording)}`), ...wording.link('/alerts')],
    };
  }
  const [alert] = alerts;
  const title = `${name}${wording.scope(alert.scopeKey)}`;
  const link = wording.link('/alerts', { alert: alert.id });
  if (event === 'resolved') return { title: words.resolved(title), lines: [facts(alert, rule, wording), words.resolvedAt(wording.dateTime(alert.resolvedAt ?? alert.lastSeenAt)), ...link] };
  return { title: words.opened(title), lines: [facts(alert, rule, wording), words.openedAt(wording.dateTime(alert.openedAt), alert.id), ...link] };
}

/**
 * Slack-compatible incoming-webhook JSON: `text` for any receiver, `blocks` for Slack's layout,
 * and the alerts themselves for receivers that act on them.
 */
export function webhookPayload(event: AlertMessageEvent, rule: AlertRule, alerts: readonly Alert[], wording: NotificationWording): Record<string, unknown> {
  const message = alertMessage(event, rule, alerts, wording);
  return {
    text: `${message.title}\n${message.lines.join('\n')}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: message.title.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: message.lines.join('\n').slice(0, 3000) } },
    ],
    escucha: {
      event,
      ruleId: rule.id,
      alerts: alerts.map((a) => ({ id: a.id, scopeKey: a.scopeKey, state: a.state, severity: a.severity, observed: a.observed, expected: a.expected, openedAt: a.openedAt.toISOString(), regions: a.regions, postIds: a.postIds.slice(0, 20) })),
    },
  };
}
