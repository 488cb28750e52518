import type { estypes } from '@elastic/elasticsearch';
import { AppError, type Alert, type AlertRule } from '@escucha/core';
import {
  alertConflict,
  alertFromJson,
  alertToJson,
  checkAlertQuery,
  checkRule,
  ruleConflict,
  ruleFromJson,
  ruleToJson,
  type AlertQuery,
  type AlertStore,
} from '../alert-store.port';
import { writeBulk } from './elasticsearch.bulk';
import { indexSettings, isResponseError, type ElasticsearchConnection } from './elasticsearch.client';

/** The document is kept whole in `doc` (never searched); the fields lists filter and sort on sit beside it. */
interface RuleDocument {
  id: string;
  doc: string;
}

interface AlertDocument {
  id: string;
  ruleId: string;
  state: string;
  openedAt: string;
  doc: string;
}

const PAGE = 1_000;

/**
 * Rules and alerts in two small indices. Writes refresh at once: a person acknowledging an
 * alert, or saving a rule, expects the list that follows to show it.
 */
export class ElasticsearchAlertStore implements AlertStore {
  readonly rulesIndex: string;
  readonly alertsIndex: string;

  constructor(
    private readonly es: ElasticsearchConnection,
    prefix: string,
    private readonly replicas?: number,
  ) {
    this.rulesIndex = `${prefix}-alert-rules`;
    this.alertsIndex = `${prefix}-alerts`;
  }

  async init(): Promise<void> {
    await this.es.createIndexIfMissing({
      index: this.rulesIndex,
      settings: indexSettings(1, this.replicas),
      mappings: { dynamic: 'strict', properties: { id: { type: 'keyword' }, doc: { type: 'keyword', index: false, doc_values: false } } },
    });
    await this.es.createIndexIfMissing({
      index: this.alertsIndex,
      settings: indexSettings(1, this.replicas),
      mappings: {
        dynamic: 'strict',
        properties: {
          id: { type: 'keyword' },
          ruleId: { type: 'keyword' },
          state: { type: 'keyword' },
          openedAt: { type: 'date' },
          doc: { type: 'keyword', index: false, doc_values: false },
        },
      },
    });
  }

  async createRule(rule: AlertRule): Promise<AlertRule> {
    checkRule(rule);
    try {
      await this.es.client.create({ index: this.rulesIndex, id: rule.id, document: { id: rule.id, doc: ruleToJson(rule) } satisfies RuleDocument, refresh: true });
    } catch (error) {
      if (isResponseError(error, 409)) throw ruleConflict(rule.id);
      throw this.es.translate('creating an alert rule', error);
    }
    return rule;
  }

  async replaceRule(rule: AlertRule): Promise<AlertRule | undefined> {
    checkRule(rule);
    try {
      await this.es.client.update({ index: this.rulesIndex, id: rule.id, doc: { doc: ruleToJson(rule) }, refresh: true });
      return rule;
    } catch (error) {
      if (isResponseError(error, 404)) return undefined;
      throw this.es.translate('saving an alert rule', error);
    }
  }

  async getRule(id: string): Promise<AlertRule | undefined> {
    const found = await this.read<RuleDocument>(this.rulesIndex, id, 'reading an alert rule');
    return found && ruleFromJson(found.doc.doc);
  }

  async listRules(): Promise<AlertRule[]> {
    const rules: AlertRule[] = [];
    let after: estypes.SortResults | undefined;
    for (;;) {
      const response = await this.es.call('listing alert rules', (client) =>
        client.search<RuleDocument>({ index: this.rulesIndex, sort: [{ id: { order: 'asc' } }], size: PAGE, search_after: after }),
      );
      const hits = response.hits.hits;
      for (const hit of hits) if (hit._source) rules.push(ruleFromJson(hit._source.doc));
      if (hits.length < PAGE) return rules;
      after = hits[hits.length - 1].sort;
    }
  }

  async deleteRule(id: string): Promise<boolean> {
    try {
      await this.es.client.delete({ index: this.rulesIndex, id, refresh: true });
      return true;
    } catch (error) {
      if (isResponseError(error, 404)) return false;
      throw this.es.translate('deleting an alert rule', error);
    }
  }

  async createAlert(alert: Alert): Promise<Alert> {
    try {
      await this.es.client.create({ index: this.alertsIndex, id: alert.id, document: toDocument(alert), refresh: true });
    } catch (error) {
      if (isResponseError(error, 409)) throw alertConflict(alert.id);
      throw this.es.translate('creating an alert', error);
    }
    return alert;
  }

  async getAlert(id: string): Promise<Alert | undefined> {
    const found = await this.read<AlertDocument>(this.alertsIndex, id, 'reading an alert');
    return found && alertFromJson(found.doc.doc);
  }

  async listAlerts(query: AlertQuery): Promise<Alert[]> {
    checkAlertQuery(query);
    const filter: estypes.QueryDslQueryContainer[] = [];
    if (query.states && query.states.length > 0) filter.push({ terms: { state: query.states } });
    if (query.ruleId !== undefined) filter.push({ term: { ruleId: query.ruleId } });
    if (query.since) filter.push({ range: { openedAt: { gte: query.since.toISOString() } } });
    const response = await this.es.call('listing alerts', (client) =>
      client.search<AlertDocument>({
        index: this.alertsIndex,
        query: { bool: { filter } },
        sort: [{ openedAt: { order: 'desc' } }, { id: { order: 'asc' } }],
        size: query.limit,
        ...(query.after ? { search_after: [query.after.openedAt.getTime(), query.after.id] } : {}),
      }),
    );
    return response.hits.hits.flatMap((hit) => (hit._source ? [alertFromJson(hit._source.doc)] : []));
  }

  async deleteAlerts(ids: readonly string[]): Promise<number> {
    const outcome = await writeBulk(this.es, ids.map((id) => ({ op: 'delete', index: this.alertsIndex, id })), { refresh: 'wait_for' });
    return outcome.applied;
  }

  async updateAlert(id: string, change: (alert: Alert) => Alert | undefined): Promise<Alert | undefined> {
    let current: Alert | undefined;
    await this.es.compareAndSet<AlertDocument>(this.alertsIndex, id, 'updating an alert', (stored) => {
      current = stored && alertFromJson(stored.doc);
      const next = current && change(current);
      if (next && next.id !== id) throw new AppError('INTERNAL', 'an alert update must keep its id', 500);
      current = next ?? current;
      return next && toDocument(next);
    });
    return current;
  }

  private async read<T>(index: string, id: string, what: string): Promise<{ doc: T } | undefined> {
    return this.es.readVersioned<T>(index, id, what);
  }
}

function toDocument(alert: Alert): AlertDocument {
  return { id: alert.id, ruleId: alert.ruleId, state: alert.state, openedAt: alert.openedAt.toISOString(), doc: alertToJson(alert) };
}
