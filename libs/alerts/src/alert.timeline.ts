import type { AlertTimelineEntry } from '@escucha/core';

type Channel = 'webhook' | 'email';
type DeliveryEvent = 'opened' | 'resolved' | 'digest';

/**
 * What a timeline entry says, as facts. The entry keeps an English `message` (logs, e-mail, API
 * clients) and these facts as `wording` and `params`, so the dashboard words them in its reader's
 * language instead of showing English to a Spanish-speaking team.
 */
export type AlertNote =
  | { wording: 'opened'; observed: number; expected: number; score: number }
  | { wording: 'back-to-normal'; intervals: number; observed: number; expected: number }
  | { wording: 'acknowledged'; by: string }
  | { wording: 'resolved'; by: string }
  | { wording: 'delivered'; channel: Channel; event: DeliveryEvent; attempt: number; maxAttempts: number }
  | { wording: 'delivery-failed' | 'delivery-gave-up'; channel: Channel; event: DeliveryEvent; attempt: number; maxAttempts: number; error: string }
  | { wording: 'quiet-hours'; from: string; to: string; channels: readonly Channel[] }
  | { wording: 'rate-limit'; maxPerHour: number; channels: readonly Channel[] }
  | { wording: 'digest'; minutes: number };

export type AlertWording = AlertNote['wording'];

/** Kind of entry per wording: `kind` is what API clients filter on, and stays as it always was. */
const KIND: Record<AlertWording, string> = {
  opened: 'opened',
  'back-to-normal': 'resolved',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
  delivered: 'delivered',
  'delivery-failed': 'delivery-failed',
  'delivery-gave-up': 'delivery-failed',
  'quiet-hours': 'suppressed',
  'rate-limit': 'suppressed',
  digest: 'digest',
};

function englishOf(note: AlertNote): string {
  switch (note.wording) {
    case 'opened':
      return `${note.observed} posts in the interval, ${note.expected.toFixed(1)} expected (score ${note.score.toFixed(2)})`;
    case 'back-to-normal':
      return `back to normal for ${note.intervals} intervals (${note.observed} posts, ${note.expected.toFixed(1)} expected)`;
    case 'acknowledged':
      return `acknowledged by ${note.by}`;
    case 'resolved':
      return `resolved by ${note.by}`;
    case 'delivered':
      return `${note.channel} ${note.event} delivered (attempt ${note.attempt}/${note.maxAttempts})`;
    case 'delivery-failed':
    case 'delivery-gave-up': {
      const next = note.wording === 'delivery-gave-up' ? ' (giving up)' : ', will retry';
      return `${note.channel} ${note.event} attempt ${note.attempt}/${note.maxAttempts} failed${next}: ${note.error}`;
    }
    case 'quiet-hours':
      return `quiet hours (${note.from}–${note.to}): ${note.channels.join(' and ')} not sent`;
    case 'rate-limit':
      return `rate limit: ${note.maxPerHour} messages an hour for this rule already sent; ${note.channels.join(' and ')} not sent`;
    case 'digest':
      return `held for the rule's ${note.minutes}-minute digest`;
  }
}

export const ALERT_WORDINGS = Object.keys(KIND) as AlertWording[];

/** A timeline entry for `note` at `at`: its kind, its English message, and its facts. */
export function timelineEntry(at: Date, note: AlertNote): AlertTimelineEntry {
  const { wording, ...facts } = note;
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(facts)) {
    if (key === 'by') continue;
    // Rounded as the English message words them, so every language shows the same figures.
    if (key === 'expected') params[key] = Math.round((value as number) * 10) / 10;
    else if (key === 'score') params[key] = Math.round((value as number) * 100) / 100;
    else params[key] = Array.isArray(value) ? value.join(',') : (value as string | number);
  }
  const entry: AlertTimelineEntry = { at, kind: KIND[wording], message: englishOf(note), wording, params };
  if ('by' in note) entry.by = note.by;
  return entry;
}
