import { useI18n } from 'vue-i18n';
import type { AlertTimelineEntryView } from '../api/types';
import { formatTag, type Locale } from '../i18n';

/**
 * A timeline entry in the reader's language. The server words each entry in English and keeps its
 * facts (`wording`, `params`); the entry is worded here from those. An entry without them (written
 * before they were kept), or of a wording this build does not know, shows the server's English.
 */
export function useAlertWording() {
  const { t, te, locale } = useI18n();

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

  return { timelineText };
}
