import { Inject, Injectable } from '@nestjs/common';
import { ALERT_STATES, AppError, CLOCK, NotFoundError, ValidationError, checkAlertRule, toAlertNotice, type Alert, type AlertRule, type AlertRuleInput, type AlertState, type Clock } from '@escucha/core';
import { checkWebhookTarget, timelineEntry } from '@escucha/alerts';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { LIVE_BUS, type LiveBus } from '@escucha/live';
import { ALERT_STORE, type AlertStore, type Role } from '@escucha/store';
import type { AlertRuleDto, AlertsQuery } from './alerts.dto';

function slug(name: string): string {
  const s = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
  return s || 'rule';
}

/** Who may create, change and delete rules; everyone signed in reads them. */
export const RULE_EDITORS: readonly Role[] = ['admin', 'service'];

/**
 * A rule as a reader who may not change it sees it: a webhook's address by its origin only. The
 * path of a Slack-style webhook is its secret, and whoever holds it can post in the channel.
 */
function asReadBy(rule: AlertRule, role: Role): AlertRule {
  if (RULE_EDITORS.includes(role) || !rule.channels.webhook) return rule;
  return { ...rule, channels: { ...rule.channels, webhook: { url: `${originOf(rule.channels.webhook.url)}/…` } } };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '…';
  }
}

/** Rules CRUD and what people do to alerts (acknowledge, resolve), each step on the alert's timeline. */
@Injectable()
export class AlertsService {
  constructor(
    @Inject(ALERT_STORE) private readonly store: AlertStore,
    @Inject(LIVE_BUS) private readonly bus: LiveBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The rules as `role` may see them (see `asReadBy`). */
  async listRules(role: Role): Promise<AlertRule[]> {
    return (await this.store.listRules()).map((rule) => asReadBy(rule, role));
  }

  async readRule(id: string, role: Role): Promise<AlertRule> {
    return asReadBy(await this.getRule(id), role);
  }

  async getRule(id: string): Promise<AlertRule> {
    const rule = await this.store.getRule(id);
    if (!rule) throw new NotFoundError(`no alert rule "${id}"`);
    return rule;
  }

  async createRule(dto: AlertRuleDto): Promise<AlertRule> {
    const now = this.clock.now();
    const rule: AlertRule = { ...toInput(dto), id: dto.id ?? slug(dto.name), createdAt: now, updatedAt: now };
    await this.checkTargets(rule);
    return this.store.createRule(rule);
  }

  async replaceRule(id: string, dto: AlertRuleDto): Promise<AlertRule> {
    if (dto.id !== undefined && dto.id !== id) throw new ValidationError(`the body's id "${dto.id}" is not the rule's "${id}"`);
    const existing = await this.getRule(id);
    const input = toInput(dto);
    checkAlertRule(input);
    await this.checkTargets(input);
    const saved = await this.store.replaceRule({ ...input, id, createdAt: existing.createdAt, updatedAt: this.clock.now() });
    if (!saved) throw new NotFoundError(`no alert rule "${id}"`);
    return saved;
  }

  /** A person writes the webhook URL: refuse internal receivers before the worker ever calls them. */
  private async checkTargets(rule: AlertRuleInput): Promise<void> {
    const url = rule.channels.webhook?.url;
    if (url !== undefined) await checkWebhookTarget(url, this.config.alerts.webhookAllowInternal);
  }

  async deleteRule(id: string): Promise<void> {
    if (!(await this.store.deleteRule(id))) throw new NotFoundError(`no alert rule "${id}"`);
  }

  listAlerts(query: AlertsQuery): Promise<Alert[]> {
    const states = (query.state ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    const bad = states.find((s) => !(ALERT_STATES as readonly string[]).includes(s));
    if (bad) throw new ValidationError(`state must be one of ${ALERT_STATES.join(', ')}, got "${bad}"`);
    return this.store.listAlerts({ states: states as AlertState[], ruleId: query.rule, limit: query.limit ?? 50 });
  }

  async getAlert(id: string): Promise<Alert> {
    const alert = await this.store.getAlert(id);
    if (!alert) throw new NotFoundError(`no alert "${id}"`);
    return alert;
  }

  acknowledge(id: string, by: string): Promise<Alert> {
    return this.change(id, (alert, at) => {
      if (alert.state !== 'open') throw new AppError('CONFLICT', `alert "${id}" is ${alert.state}; only an open alert can be acknowledged`, 409);
      return { ...alert, state: 'acknowledged', acknowledgedBy: by, acknowledgedAt: at, timeline: [...alert.timeline, timelineEntry(at, { wording: 'acknowledged', by })] };
    });
  }

  resolve(id: string, by: string): Promise<Alert> {
    return this.change(id, (alert, at) => {
      if (alert.state === 'resolved') throw new AppError('CONFLICT', `alert "${id}" is already resolved`, 409);
      return { ...alert, state: 'resolved', resolvedBy: by, resolvedAt: at, timeline: [...alert.timeline, timelineEntry(at, { wording: 'resolved', by })] };
    });
  }

  private async change(id: string, apply: (alert: Alert, at: Date) => Alert): Promise<Alert> {
    const at = this.clock.now();
    const updated = await this.store.updateAlert(id, (alert) => apply(alert, at));
    if (!updated) throw new NotFoundError(`no alert "${id}"`);
    // Every open dashboard drops or relabels its banner.
    await this.bus.publish({ minutes: [], latest: [], alerts: [toAlertNotice(updated)] });
    return updated;
  }
}

function toInput(dto: AlertRuleDto): AlertRuleInput {
  const input: AlertRuleInput = {
    name: dto.name,
    enabled: dto.enabled ?? true,
    scope: dto.scope,
    sensitivity: dto.sensitivity ?? 'medium',
    minCount: dto.minCount ?? 5,
    channels: dto.channels ?? { banner: true },
    maxPerHour: dto.maxPerHour ?? 6,
    digestMinutes: dto.digestMinutes ?? 0,
  };
  if (dto.splitBy !== undefined) input.splitBy = dto.splitBy;
  if (dto.quietHours !== undefined) input.quietHours = dto.quietHours;
  return input;
}
