import type { AlertSensitivity } from './alerts';
import type { CountEntry, Delta } from './query';

/** A count of the day, beside the day before. */
export interface DayCount {
  key: string;
  count: number;
  previous: number;
  delta: Delta;
}

/**
 * One local day of the brand's conversation against the day before: what marketing reads over
 * breakfast. Posts naming a competitor are left out of the brand's figures, as the default alert
 * rules leave them out; share of voice counts every post.
 */
export interface DailyReport {
  /** The local date, YYYY-MM-DD. */
  day: string;
  /** The day's bounds as instants: local midnight to local midnight. */
  from: string;
  to: string;
  posts: number;
  previousPosts: number;
  postsDelta: Delta;
  sentiment: { positive: number; neutral: number; negative: number; net: number };
  previousNet: number;
  topics: DayCount[];
  intents: DayCount[];
  shareOfVoice: CountEntry[];
  alerts: {
    opened: number;
    /** The most severe first, then the earliest. */
    top: Array<{ ruleId: string; ruleName: string; scopeKey: string; severity: AlertSensitivity; observed: number; expected: number; openedAt: string }>;
  };
}
