import { useI18n } from 'vue-i18n';
import type { AlertTimelineEntryView } from '../api/types';
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
  const { labelOf } = useLabels();

  /**
   * A default rule still under the English name it was made with (libs/alerts default.rules.ts)
   * is named in the reader's language; a rule someone named is shown as named.
   */
  function ruleName(alert: { id: string; ruleName: string; ruleId?: string }): string {
    const ruleId = alert.ruleId ?? alert.id.split('|', 1)[0];
    return DEFAULT_RULE_NAMES[ruleId] === alert.ruleName ? t(`alerts.defaultRules.${ruleId}`) : alert.ruleName;
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

  return { ruleName, scopeText, timelineText };
}
