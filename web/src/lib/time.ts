import type { Interval } from '../api/types';

// Mirrors INTERVAL_MS in @escucha/core; restated because web imports only types from the server side.
export const INTERVAL_MS: Record<Interval, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

export const INTERVALS: readonly Interval[] = ['minute', 'hour', 'day', 'week'];

export const RANGE_PRESETS = ['last24h', 'last7d', 'last30d', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

const PRESET_MS: Record<Exclude<RangePreset, 'custom'>, number> = {
  last24h: 24 * 3_600_000,
  last7d: 7 * 86_400_000,
  last30d: 30 * 86_400_000,
};

export interface TimeRange {
  from: string;
  to: string;
}

/** A preset resolved against "now", so "last 24 h" means the 24 h before the moment it is applied. */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, now: Date = new Date()): TimeRange {
  return { from: new Date(now.getTime() - PRESET_MS[preset]).toISOString(), to: now.toISOString() };
}

export function spanMs(range: TimeRange): number {
  return Date.parse(range.to) - Date.parse(range.from);
}

/** More buckets than this make an unreadable chart and a needlessly heavy query. */
export const MAX_BUCKETS = 2000;

export function bucketCount(range: TimeRange, interval: Interval): number {
  return Math.ceil(spanMs(range) / INTERVAL_MS[interval]);
}

/** The interval giving a readable number of buckets (roughly 24 to 200) for a span. */
export function defaultInterval(range: TimeRange): Interval {
  const span = spanMs(range);
  if (span <= 3 * 3_600_000) return 'minute';
  if (span <= 8 * 86_400_000) return 'hour';
  if (span <= 180 * 86_400_000) return 'day';
  return 'week';
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** ISO → the `YYYY-MM-DDTHH:mm` a `datetime-local` input shows, in the browser's time zone. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (local time) → ISO UTC, or null when the input is empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function isValidRange(range: TimeRange): boolean {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  return Number.isFinite(from) && Number.isFinite(to) && from < to;
}
