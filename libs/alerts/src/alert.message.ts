import { regionName, type Alert, type AlertRule } from '@escucha/core';

export type AlertMessageEvent = 'opened' | 'resolved' | 'digest';

/** What a person reads, in every channel: a title and a few lines. */
export interface AlertMessage {
  title: string;
  lines: string[];
}

function describe(alert: Alert): string {
  const scope = alert.scopeKey === 'all' ? '' : ` (${alert.scopeKey.replace(/^region=(.*)$/, (_m, r: string) => `region=${regionName(r)}`)})`;
  const regions = alert.regions.length > 0 ? ` Most affected: ${alert.regions.map((r) => `${regionName(r.region)} (${r.count})`).join(', ')}.` : '';
  return `${alert.ruleName}${scope}: ${alert.observed} posts in the interval, ${alert.expected.toFixed(1)} expected; severity ${alert.severity}.${regions}`;
}

export function alertMessage(event: AlertMessageEvent, rule: AlertRule, alerts: readonly Alert[]): AlertMessage {
  if (event === 'digest') {
    return { title: `[Escucha] ${rule.name}: ${alerts.length} alert${alerts.length === 1 ? '' : 's'}`, lines: alerts.map((a) => `• ${a.openedAt.toISOString()} ${describe(a)}`) };
  }
  const [alert] = alerts;
  if (event === 'resolved') return { title: `[Escucha] Resolved: ${rule.name}`, lines: [describe(alert), `Resolved at ${(alert.resolvedAt ?? alert.lastSeenAt).toISOString()}.`] };
  return { title: `[Escucha] Alert: ${rule.name}`, lines: [describe(alert), `Opened at ${alert.openedAt.toISOString()}. Alert id ${alert.id}.`] };
}

/**
 * Slack-compatible incoming-webhook JSON: `text` for any receiver, `blocks` for Slack's layout,
 * and the alerts themselves for receivers that act on them.
 */
export function webhookPayload(event: AlertMessageEvent, rule: AlertRule, alerts: readonly Alert[]): Record<string, unknown> {
  const message = alertMessage(event, rule, alerts);
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
