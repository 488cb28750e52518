import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { formatTag, type Locale } from '../i18n';
import type { Interval } from '../api/types';

/**
 * Locale-aware number and date formatting. Formatters are built once per locale
 * (Intl constructors are comparatively expensive and the live view re-renders every second).
 */
export function useFormat() {
  const { locale } = useI18n();

  const formatters = computed(() => {
    const tag = formatTag(locale.value as Locale);
    return {
      number: new Intl.NumberFormat(tag),
      compact: new Intl.NumberFormat(tag, { notation: 'compact', maximumFractionDigits: 1 }),
      wholeAmount: new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }),
      smallAmount: new Intl.NumberFormat(tag, { maximumFractionDigits: 2 }),
      percent: new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 }),
      signed: new Intl.NumberFormat(tag, { signDisplay: 'exceptZero', maximumFractionDigits: 0 }),
      signedPercent: new Intl.NumberFormat(tag, {
        style: 'percent',
        signDisplay: 'exceptZero',
        maximumFractionDigits: 1,
      }),
      dateTime: new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' }),
      time: new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
      minute: new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit' }),
      hour: new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
      day: new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short' }),
      week: new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric' }),
      relative: new Intl.RelativeTimeFormat(tag, { numeric: 'auto', style: 'short' }),
      seconds: new Intl.NumberFormat(tag, { style: 'unit', unit: 'second', unitDisplay: 'short' }),
      minutes: new Intl.NumberFormat(tag, { style: 'unit', unit: 'minute', unitDisplay: 'short' }),
      hours: new Intl.NumberFormat(tag, { style: 'unit', unit: 'hour', unitDisplay: 'short', maximumFractionDigits: 1 }),
    };
  });

  return {
    formatNumber: (value: number) => formatters.value.number.format(value),
    formatCompact: (value: number) => formatters.value.compact.format(value),
    /**
     * An amount in the deployment's currency (which the dashboard is not told): whole units from
     * 100 up, as a price list shows them, and cents below, where they still matter.
     */
    formatAmount: (value: number) => (Math.abs(value) >= 100 ? formatters.value.wholeAmount : formatters.value.smallAmount).format(value),
    /** `ratio` is 0..1. */
    formatPercent: (ratio: number) => formatters.value.percent.format(ratio),
    formatSigned: (value: number) => formatters.value.signed.format(value),
    /** `pct` is the API's percentage (12.5 means +12.5 %). */
    formatSignedPct: (pct: number) => formatters.value.signedPercent.format(pct / 100),
    formatDateTime: (iso: string | number) => formatters.value.dateTime.format(new Date(iso)),
    formatTime: (iso: string | number) => formatters.value.time.format(new Date(iso)),
    /** A bucket start, at the precision its interval makes meaningful. */
    formatBucket: (ts: string | number, interval: Interval) => formatters.value[interval].format(new Date(ts)),
    /** A length of time in the unit a reader takes in at a glance: 45 s, 12 min, 2,5 h. */
    formatDuration: (seconds: number) => {
      if (seconds < 120) return formatters.value.seconds.format(seconds);
      if (seconds < 7200) return formatters.value.minutes.format(Math.round(seconds / 60));
      return formatters.value.hours.format(seconds / 3600);
    },
    formatRelative: (iso: string, now: number) => {
      // Clamped at "now": a post stamped a little ahead of this browser's clock is not "in 3 s".
      const seconds = Math.min(0, Math.round((Date.parse(iso) - now) / 1000));
      const abs = Math.abs(seconds);
      const rtf = formatters.value.relative;
      if (abs < 60) return rtf.format(seconds, 'second');
      if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
      if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
      return formatters.value.dateTime.format(new Date(iso));
    },
  };
}
