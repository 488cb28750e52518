import { ValidationError } from './errors';
import { SENTIMENT_LABELS, SOURCES, type SentimentLabel, type Source } from './post';

/** Dimensions an alert rule can judge value by value, each value on its own baseline. */
export const ALERT_DIMENSIONS = ['topic', 'sentiment', 'intent', 'source', 'region'] as const;
export type AlertDimension = (typeof ALERT_DIMENSIONS)[number];

/**
 * Which posts a rule counts. Fields combine with AND; a list matches a post having any of its
 * values; an empty scope is the whole brand. `excludeEntities` drops posts naming any of those
 * entities, so a rival's outage people talk about does not count as ours.
 */
export interface AlertScope {
  topics?: string[];
  sentiments?: SentimentLabel[];
  intents?: string[];
  sources?: Source[];
  regions?: string[];
  entities?: string[];
  excludeEntities?: string[];
}

export const ALERT_SENSITIVITIES = ['low', 'medium', 'high'] as const;
export type AlertSensitivity = (typeof ALERT_SENSITIVITIES)[number];

export interface AlertChannels {
  /** The live banner on every open dashboard. */
  banner: boolean;
  /** Slack-compatible JSON POSTed here, signed with ALERTS_WEBHOOK_SECRET. */
  webhook?: { url: string };
  email?: { to: string[] };
}

/** Local wall-clock hours (ALERTS_UTC_OFFSET_MINUTES) during which webhook and email stay silent; may wrap midnight. */
export interface QuietHours {
  from: string;
  to: string;
}

export interface AlertRuleInput {
  name: string;
  enabled: boolean;
  scope: AlertScope;
  /** Judge each value of this dimension inside the scope on its own baseline (e.g. every region). */
  splitBy?: AlertDimension;
  sensitivity: AlertSensitivity;
  /** Posts per interval below which nothing is worth an alert. */
  minCount: number;
  channels: AlertChannels;
  quietHours?: QuietHours;
  /** Webhook and email messages per hour for this rule at most; more are noted on the alert, not sent. */
  maxPerHour: number;
  /** 0: send each alert at once; otherwise one message per this many minutes listing the alerts opened. */
  digestMinutes: number;
}

export interface AlertRule extends AlertRuleInput {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export interface AlertTimelineEntry {
  at: Date;
  /** opened, updated, acknowledged, resolved, delivered, delivery-failed, suppressed, digest. */
  kind: string;
  /** In English, for logs, e-mail and API clients. */
  message: string;
  /**
   * Which of the fixed wordings the message is (see `timelineEntry` in libs/alerts), and its facts,
   * so a reader's UI words it in its own language. Absent on entries written before they were kept.
   */
  wording?: string;
  params?: Record<string, string | number>;
  by?: string;
}

export interface AlertRegion {
  region: string;
  count: number;
}

export interface Alert {
  /** `<ruleId>|<scope key>|<opened at ms>`. */
  id: string;
  ruleId: string;
  ruleName: string;
  /** The series judged: the rule's scope, or one value of its split (`region=cordoba`). */
  scopeKey: string;
  state: AlertState;
  /** How far above expected: low under 3×, medium under 6×, high beyond. */
  severity: AlertSensitivity;
  /** Posts in the interval that opened it, and what the baseline expected. */
  observed: number;
  expected: number;
  /** Highest interval count while open. */
  peak: number;
  score: number;
  /** Consecutive alerting intervals so far. */
  persistence: number;
  minCount: number;
  /** Start of the interval that opened it. */
  openedAt: Date;
  lastSeenAt: Date;
  acknowledgedBy?: string;
  acknowledgedAt?: Date;
  resolvedAt?: Date;
  resolvedBy?: string;
  /** Ids of posts that triggered it (the first intervals), at most 50. */
  postIds: string[];
  /** Most affected regions, most first. */
  regions: AlertRegion[];
  timeline: AlertTimelineEntry[];
}

/** A digest or single notice the banner and notifiers show; JSON-safe. */
export interface AlertNotice {
  id: string;
  /** The rule's id, by which a dashboard names a default rule in its reader's language. */
  ruleId: string;
  ruleName: string;
  scopeKey: string;
  state: AlertState;
  severity: AlertSensitivity;
  observed: number;
  expected: number;
  openedAt: string;
  regions: AlertRegion[];
  /** Who took it: every open dashboard shows it, not only the one that acknowledged. */
  acknowledgedBy?: string;
}

export function toAlertNotice(alert: Alert): AlertNotice {
  return {
    id: alert.id,
    ruleId: alert.ruleId,
    ruleName: alert.ruleName,
    scopeKey: alert.scopeKey,
    state: alert.state,
    severity: alert.severity,
    observed: alert.observed,
    expected: Math.round(alert.expected * 10) / 10,
    openedAt: alert.openedAt.toISOString(),
    regions: alert.regions,
    ...(alert.acknowledgedBy ? { acknowledgedBy: alert.acknowledgedBy } : {}),
  };
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const RULE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function checkRuleId(id: string): void {
  if (typeof id !== 'string' || !RULE_ID.test(id)) throw new ValidationError(`rule id must be 1 to 64 lower-case letters, digits, "-" or "_", got "${String(id)}"`);
}

/** Rejects a rule that cannot be run, naming the field. */
export function checkAlertRule(rule: AlertRuleInput): void {
  if (typeof rule.name !== 'string' || rule.name.trim() === '' || rule.name.length > 200) throw new ValidationError('rule name must be 1 to 200 characters');
  const list = (name: string, values: unknown, allowed?: readonly string[]) => {
    if (values === undefined) return;
    if (!Array.isArray(values) || values.length > 100 || values.some((v) => typeof v !== 'string' || v === '' || v.length > 100)) {
      throw new ValidationError(`scope.${name} must be a list of at most 100 non-empty strings`);
    }
    const bad = allowed && values.find((v) => !allowed.includes(v as string));
    if (bad) throw new ValidationError(`scope.${name} must hold values from ${allowed!.join(', ')}, got "${String(bad)}"`);
  };
  const scope = rule.scope ?? {};
  list('topics', scope.topics);
  list('sentiments', scope.sentiments, SENTIMENT_LABELS);
  list('intents', scope.intents);
  list('sources', scope.sources, SOURCES);
  list('regions', scope.regions);
  list('entities', scope.entities);
  list('excludeEntities', scope.excludeEntities);
  if (rule.splitBy !== undefined && !(ALERT_DIMENSIONS as readonly string[]).includes(rule.splitBy)) {
    throw new ValidationError(`splitBy must be one of ${ALERT_DIMENSIONS.join(', ')}, got "${String(rule.splitBy)}"`);
  }
  if (!(ALERT_SENSITIVITIES as readonly string[]).includes(rule.sensitivity)) throw new ValidationError(`sensitivity must be one of ${ALERT_SENSITIVITIES.join(', ')}`);
  if (!Number.isInteger(rule.minCount) || rule.minCount < 1 || rule.minCount > 1_000_000) throw new ValidationError('minCount must be a whole number from 1 to 1000000');
  if (!Number.isInteger(rule.maxPerHour) || rule.maxPerHour < 1 || rule.maxPerHour > 1000) throw new ValidationError('maxPerHour must be a whole number from 1 to 1000');
  if (!Number.isInteger(rule.digestMinutes) || rule.digestMinutes < 0 || rule.digestMinutes > 1440) throw new ValidationError('digestMinutes must be a whole number from 0 (off) to 1440');
  const channels = rule.channels;
  if (!channels || typeof channels.banner !== 'boolean') throw new ValidationError('channels.banner must be true or false');
  if (channels.webhook !== undefined && !/^https?:\/\/\S+$/.test(channels.webhook.url ?? '')) throw new ValidationError('channels.webhook.url must be an http(s) URL');
  if (channels.email !== undefined) {
    const to = channels.email.to;
    if (!Array.isArray(to) || to.length === 0 || to.length > 50 || to.some((a) => typeof a !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(a))) {
      throw new ValidationError('channels.email.to must be 1 to 50 email addresses');
    }
  }
  if (rule.quietHours !== undefined && !(HHMM.test(rule.quietHours.from ?? '') && HHMM.test(rule.quietHours.to ?? ''))) {
    throw new ValidationError('quietHours.from and quietHours.to must be HH:MM (24 h)');
  }
  if (typeof rule.enabled !== 'boolean') throw new ValidationError('enabled must be true or false');
}

/** Whether `at` falls in the quiet hours, read in local time at `utcOffsetMinutes`. */
export function inQuietHours(quiet: QuietHours | undefined, at: Date, utcOffsetMinutes: number): boolean {
  if (!quiet) return false;
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const from = toMinutes(quiet.from);
  const to = toMinutes(quiet.to);
  return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
}
