import { ALERT_STATES, AppError, ValidationError, checkAlertRule, checkRuleId, type Alert, type AlertRule, type AlertState } from '@escucha/core';

export interface AlertQuery {
  /** Any of these states; all when absent or empty. */
  states?: AlertState[];
  ruleId?: string;
  /** Alerts opened at or after this instant. */
  since?: Date;
  /** 1..500. */
  limit: number;
  /** The last alert of the previous page: this page starts right after it, in list order. */
  after?: { openedAt: Date; id: string };
}

/**
 * Alert rules and the alerts they raised, shared by every API node and the worker that
 * detects. Alerts change by compare-and-set: the detector updating an open alert and a person
 * acknowledging it at the same moment both land.
 */
export interface AlertStore {
  init(): Promise<void>;

  /** Fails with AppError CONFLICT when the id exists. */
  createRule(rule: AlertRule): Promise<AlertRule>;
  /** Replaces an existing rule; undefined when there is none. */
  replaceRule(rule: AlertRule): Promise<AlertRule | undefined>;
  getRule(id: string): Promise<AlertRule | undefined>;
  /** Ordered by id. */
  listRules(): Promise<AlertRule[]>;
  /** false when no such rule. Its alerts stay. */
  deleteRule(id: string): Promise<boolean>;

  /** Fails with AppError CONFLICT when the id exists. */
  createAlert(alert: Alert): Promise<Alert>;
  getAlert(id: string): Promise<Alert | undefined>;
  /** Newest opened first (ties by id), at most `limit`. */
  listAlerts(query: AlertQuery): Promise<Alert[]>;
  /**
   * Applies `change` to the stored alert until no one else wrote in between. `change` may run
   * more than once, so it must be pure; undefined from it writes nothing. Resolves with the
   * alert as stored (undefined when no such alert).
   */
  updateAlert(id: string, change: (alert: Alert) => Alert | undefined): Promise<Alert | undefined>;
  /** How many of them there were. */
  deleteAlerts(ids: readonly string[]): Promise<number>;
}

export const ALERT_STORE = Symbol('AlertStore');

export function checkRule(rule: AlertRule): void {
  checkRuleId(rule.id);
  checkAlertRule(rule);
}

export function checkAlertQuery(query: AlertQuery): void {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > 500) throw new ValidationError(`limit must be a whole number from 1 to 500, got ${query.limit}`);
  const bad = (query.states ?? []).find((s) => !(ALERT_STATES as readonly string[]).includes(s));
  if (bad) throw new ValidationError(`state must be one of ${ALERT_STATES.join(', ')}, got "${bad}"`);
}

export function ruleConflict(id: string): AppError {
  return new AppError('CONFLICT', `alert rule "${id}" already exists`, 409);
}

export function alertConflict(id: string): AppError {
  return new AppError('CONFLICT', `alert "${id}" already exists`, 409);
}

/** JSON forms: both drivers keep a rule or an alert as one document, dates as ISO strings. */
export function ruleToJson(rule: AlertRule): string {
  return JSON.stringify(rule);
}

export function ruleFromJson(text: string): AlertRule {
  const raw = JSON.parse(text) as AlertRule & { createdAt: string; updatedAt: string };
  return { ...raw, createdAt: new Date(raw.createdAt), updatedAt: new Date(raw.updatedAt) };
}

export function alertToJson(alert: Alert): string {
  return JSON.stringify(alert);
}

type AlertJson = Omit<Alert, 'openedAt' | 'lastSeenAt' | 'acknowledgedAt' | 'resolvedAt' | 'timeline'> & {
  openedAt: string;
  lastSeenAt: string;
  acknowledgedAt?: string;
  resolvedAt?: string;
  timeline: Array<Omit<Alert['timeline'][number], 'at'> & { at: string }>;
};

export function alertFromJson(text: string): Alert {
  const raw = JSON.parse(text) as AlertJson;
  const alert: Alert = {
    ...raw,
    openedAt: new Date(raw.openedAt),
    lastSeenAt: new Date(raw.lastSeenAt),
    acknowledgedAt: raw.acknowledgedAt === undefined ? undefined : new Date(raw.acknowledgedAt),
    resolvedAt: raw.resolvedAt === undefined ? undefined : new Date(raw.resolvedAt),
    timeline: raw.timeline.map((entry) => ({ ...entry, at: new Date(entry.at) })),
  };
  // Absent stays absent, as every other store gives optional fields back.
  for (const key of ['acknowledgedAt', 'resolvedAt'] as const) if (alert[key] === undefined) delete alert[key];
  return alert;
}
