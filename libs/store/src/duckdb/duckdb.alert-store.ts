import type { DuckDBConnection } from '@duckdb/node-api';
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
import type { DuckDbDatabase } from './duckdb.database';
import { SqlParams, asString } from './duckdb.values';

// Whole documents, read and rewritten whole; only the columns lists filter on are broken out.
const CREATE_TABLES = [
  `CREATE TABLE IF NOT EXISTS alert_rules (id VARCHAR PRIMARY KEY, doc VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS alerts (
    id VARCHAR PRIMARY KEY,
    rule_id VARCHAR NOT NULL,
    state VARCHAR NOT NULL,
    opened_at TIMESTAMP NOT NULL,
    doc VARCHAR NOT NULL
  )`,
];

export class DuckDbAlertStore implements AlertStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async init(): Promise<void> {
    await this.db.write(async (connection) => {
      for (const sql of CREATE_TABLES) await connection.run(sql);
    });
  }

  async createRule(rule: AlertRule): Promise<AlertRule> {
    checkRule(rule);
    const params = new SqlParams();
    const result = await this.db.write((connection) =>
      connection.run(`INSERT INTO alert_rules (id, doc) VALUES (${params.add(rule.id)}, ${params.add(ruleToJson(rule))}) ON CONFLICT DO NOTHING`, params.values, params.types),
    );
    if (result.rowsChanged === 0) throw ruleConflict(rule.id);
    return rule;
  }

  async replaceRule(rule: AlertRule): Promise<AlertRule | undefined> {
    checkRule(rule);
    const params = new SqlParams();
    const result = await this.db.write((connection) =>
      connection.run(`UPDATE alert_rules SET doc = ${params.add(ruleToJson(rule))} WHERE id = ${params.add(rule.id)}`, params.values, params.types),
    );
    return result.rowsChanged > 0 ? rule : undefined;
  }

  async getRule(id: string): Promise<AlertRule | undefined> {
    const params = new SqlParams();
    const rows = await this.db.read(async (connection) =>
      (await connection.runAndReadAll(`SELECT doc FROM alert_rules WHERE id = ${params.add(id)}`, params.values, params.types)).getRows(),
    );
    return rows.length > 0 ? ruleFromJson(asString(rows[0][0])) : undefined;
  }

  async listRules(): Promise<AlertRule[]> {
    const rows = await this.db.read(async (connection) => (await connection.runAndReadAll('SELECT doc FROM alert_rules ORDER BY id')).getRows());
    return rows.map(([doc]) => ruleFromJson(asString(doc)));
  }

  async deleteRule(id: string): Promise<boolean> {
    const params = new SqlParams();
    const result = await this.db.write((connection) => connection.run(`DELETE FROM alert_rules WHERE id = ${params.add(id)}`, params.values, params.types));
    return result.rowsChanged > 0;
  }

  async createAlert(alert: Alert): Promise<Alert> {
    const params = new SqlParams();
    const result = await this.db.write((connection) =>
      connection.run(`INSERT INTO alerts (id, rule_id, state, opened_at, doc) VALUES (${row(params, alert)}) ON CONFLICT DO NOTHING`, params.values, params.types),
    );
    if (result.rowsChanged === 0) throw alertConflict(alert.id);
    return alert;
  }

  async getAlert(id: string): Promise<Alert | undefined> {
    return this.db.read((connection) => selectAlert(connection, id));
  }

  async listAlerts(query: AlertQuery): Promise<Alert[]> {
    checkAlertQuery(query);
    const params = new SqlParams();
    const where: string[] = [];
    if (query.states && query.states.length > 0) where.push(`state IN (${query.states.map((s) => params.add(s)).join(', ')})`);
    if (query.ruleId !== undefined) where.push(`rule_id = ${params.add(query.ruleId)}`);
    if (query.since) where.push(`opened_at >= ${params.timestamp(query.since)}`);
    if (query.after) {
      const at = params.timestamp(query.after.openedAt);
      where.push(`(opened_at < ${at} OR (opened_at = ${at} AND id > ${params.add(query.after.id)}))`);
    }
    const sql = `SELECT doc FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY opened_at DESC, id ASC LIMIT ${query.limit}`;
    const rows = await this.db.read(async (connection) => (await connection.runAndReadAll(sql, params.values, params.types)).getRows());
    return rows.map(([doc]) => alertFromJson(asString(doc)));
  }

  deleteAlerts(ids: readonly string[]): Promise<number> {
    return this.db.deleteWhereIn('alerts', 'id', ids);
  }

  /** Read and rewrite on the one write connection: writes run one at a time, so nothing is lost. */
  async updateAlert(id: string, change: (alert: Alert) => Alert | undefined): Promise<Alert | undefined> {
    return this.db.write(async (connection) => {
      const stored = await selectAlert(connection, id);
      if (!stored) return undefined;
      const next = change(stored);
      if (!next) return stored;
      if (next.id !== id) throw new AppError('INTERNAL', 'an alert update must keep its id', 500);
      const params = new SqlParams();
      await connection.run(
        `UPDATE alerts SET state = ${params.add(next.state)}, doc = ${params.add(alertToJson(next))} WHERE id = ${params.add(id)}`,
        params.values,
        params.types,
      );
      return next;
    });
  }
}

function row(params: SqlParams, alert: Alert): string {
  return [params.add(alert.id), params.add(alert.ruleId), params.add(alert.state), params.timestamp(alert.openedAt), params.add(alertToJson(alert))].join(', ');
}

async function selectAlert(connection: DuckDBConnection, id: string): Promise<Alert | undefined> {
  const params = new SqlParams();
  const rows = (await connection.runAndReadAll(`SELECT doc FROM alerts WHERE id = ${params.add(id)}`, params.values, params.types)).getRows();
  return rows.length > 0 ? alertFromJson(asString(rows[0][0])) : undefined;
}
