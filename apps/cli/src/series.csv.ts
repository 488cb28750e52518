import { readCsv, type CsvRow } from '@escucha/connectors';

export interface SeriesRow {
  readonly timestamp: number;
  readonly value: number;
  /** The timestamp as written, echoed back unchanged. */
  readonly text: string;
  readonly line: number;
}

export interface ParsedSeries {
  readonly rows: SeriesRow[];
  readonly bad: { line: number; reason: string }[];
  /** Median spacing between consecutive rows; undefined with fewer than two rows. */
  readonly intervalMs?: number;
}

/** `2014-07-01 00:00:00`, ISO 8601 (with or without zone; without one it is UTC) or epoch seconds/milliseconds. */
export function parseTimestamp(text: string): number | undefined {
  const t = text.trim();
  if (/^\d{9,13}(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return n < 1e11 ? n * 1000 : n;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, frac ? Math.round(Number(frac) * 1000) : 0);
  if (Number.isNaN(ms) || new Date(ms).getUTCDate() !== +d) return undefined;
  if (!zone || zone === 'Z') return ms;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return ms - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * `timestamp,value` rows, header optional. A bad row (unreadable timestamp or value, wrong
 * field count, time going backwards) is reported with its line and left out.
 */
export function parseSeriesCsv(text: string): ParsedSeries {
  const rows: SeriesRow[] = [];
  const bad: { line: number; reason: string }[] = [];
  const all: CsvRow[] = [];
  for (const row of readCsv(text)) {
    if ('error' in row) bad.push({ line: row.line, reason: row.error });
    else all.push(row);
  }
  let first = 0;
  if (all.length > 0 && parseTimestamp(all[0].fields[0] ?? '') === undefined && Number.isNaN(Number(all[0].fields[1]))) first = 1;
  for (const { line, fields } of all.slice(first)) {
    if (fields.length < 2) {
      bad.push({ line, reason: `expected timestamp,value, found ${fields.length} field${fields.length === 1 ? '' : 's'}` });
      continue;
    }
    const timestamp = parseTimestamp(fields[0]);
    if (timestamp === undefined) {
      bad.push({ line, reason: `unreadable timestamp ${JSON.stringify(fields[0])}` });
      continue;
    }
    const raw = fields[1].trim();
    const value = raw === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(value)) {
      bad.push({ line, reason: `value ${JSON.stringify(fields[1])} is not a number` });
      continue;
    }
    const previous = rows[rows.length - 1];
    if (previous && timestamp < previous.timestamp) {
      bad.push({ line, reason: `timestamp ${fields[0].trim()} is earlier than the row before (line ${previous.line})` });
      continue;
    }
    rows.push({ timestamp, value, text: fields[0].trim(), line });
  }
  const gaps: number[] = [];
  for (let i = 1; i < rows.length && gaps.length < 1000; i++) if (rows[i].timestamp > rows[i - 1].timestamp) gaps.push(rows[i].timestamp - rows[i - 1].timestamp);
  return { rows, bad, intervalMs: gaps.length > 0 ? median(gaps) : undefined };
}
