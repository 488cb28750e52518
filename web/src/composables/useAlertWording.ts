import { useI18n } from 'vue-i18n';
import type { AlertRuleView, AlertTimelineEntryView } from '../api/types';
import { SCOPE_DIMENSIONS, SCOPE_FIELDS, webhookHost } from '../lib/alertRules';
import { formatTag, type Locale } from '../i18n';
import en from '../i18n/en';
import { useLabels, type LabelledDimension } from './useLabels';

const DEFAULT_RULE_NAMES: Readonly<Record<string, string>> = en.alerts.defaultRules;

/**
 * Alerts in the reader's language: the default rules' names, the value of a split, and each
 * timeline entry. The server words each entry in English and keeps its
 * facts (`wording`, `params`); the entry is worded here from those. An entry without them (written
 * before they were kept), or of a wording this build does not know, shows the server's English.
 */
export function useAlertWording() {
  const { t, te, locale } = useI18n();
  const { labelOf, filterLabel } = useLabels();

  /**
   * A default rule still under the English name it was made with (libs/alerts default.rules.ts)
   * is named in the reader's language; a rule someone named is shown as named.
   */
  function ruleName({ ruleId, ruleName: name }: { ruleId: string; ruleName: string }): string {
    return DEFAULT_RULE_NAMES[ruleId] === name ? t(`alerts.defaultRules.${ruleId}`) : name;
  }

  /** `all` is the rule's whole scope (nothing to add); `topic=billing` one value of its split, by its label. */
  function scopeText(scopeKey: string): string {
    if (scopeKey === 'all') return '';
    const [dimension, value] = scopeKey.split('=', 2);
    return value === undefined ? scopeKey : labelOf(dimension as LabelledDimension, value);
  }

  function timelineText(entry: AlertTimelineEntryView): string {
    const key = `alerts.wordings.${entry.wording}`;
    if (!entry.wording || !entry.params || !te(key)) return entry.message;
    const tag = formatTag(locale.value as Locale);
    const numbers = new Intl.NumberFormat(tag, { maximumFractionDigits: 2 });
    const named = (group: string, value: string) => (te(`alerts.${group}.${value}`) ? t(`alerts.${group}.${value}`) : value);
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(entry.params)) {
      if (typeof value === 'number') params[name] = numbers.format(value);
      else if (name === 'channel') params[name] = named('channelNames', value);
      else if (name === 'channels') params[name] = new Intl.ListFormat(tag, { type: 'conjunction' }).format(value.split(',').map((c) => named('channelNames', c)));
      else if (name === 'event') params[name] = named('deliveryEvents', value);
      else params[name] = value;
    }
    if (entry.by !== undefined) params.by = entry.by;
    return t(key, params);
  }

  /**
   * What a rule watches and how it tells, one fact each: its scope by labels, its split, its
   * sensitivity and floor, where it sends (a webhook by its host only: the path is a secret),
   * its quiet hours and digest.
   */
  function ruleFacts(rule: AlertRuleView): string[] {
    const tag = formatTag(locale.value as Locale);
    const list = (items: string[]) => new Intl.ListFormat(tag, { type: 'conjunction' }).format(items);
    const facts: string[] = [];
    for (const field of SCOPE_FIELDS) {
      const values = rule.scope[field] ?? [];
      const dimension = SCOPE_DIMENSIONS[field];
      if (values.length > 0) facts.push(`${filterLabel(dimension)}: ${values.map((value) => labelOf(dimension, value)).join(', ')}`);
    }
    if (rule.splitBy) facts.push(t(`alerts.each.${rule.splitBy}`));
    facts.push(t(`alerts.sensitivities.${rule.sensitivity}`), t('alerts.minPosts', { n: rule.minCount }));
    const channels = [
      ...(rule.channels.banner ? [t('alerts.channelNames.banner')] : []),
      ...(rule.channels.webhook ? [`${t('alerts.channelNames.webhook')} ${webhookHost(rule.channels.webhook.url)}`] : []),
      ...(rule.channels.email?.to.length ? [`${t('alerts.channelNames.email')} ${rule.channels.email.to.join(', ')}`] : []),
    ];
    if (channels.length > 0) facts.push(t('alerts.notifies', { channels: list(channels) }));
    if (rule.quietHours) facts.push(t('alerts.quiet', rule.quietHours));
    if (rule.digestMinutes > 0) facts.push(t('alerts.digestEvery', { n: rule.digestMinutes }));
    return facts;
  }

  return { ruleName, scopeText, timelineText, ruleFacts };
}
