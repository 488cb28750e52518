import type { SentimentLabel } from '@escucha/core';
import { INTENTS, normaliseSentimentLabel } from '@escucha/analysis';
import { readCsv, type CsvRow } from '@escucha/connectors';

/** One labelled post read from a training file. */
export interface LabelledRecord {
  readonly text: string;
  readonly lang?: string;
  readonly sentiment: SentimentLabel;
  readonly topics?: readonly string[];
  /** The post's intents when the file labels intents (an "intents" column or field); [] means none. */
  readonly intents?: readonly string[];
  /** 1-based line where the record starts, for messages. */
  readonly line: number;
}

export interface BadRecord {
  readonly line: number;
  readonly reason: string;
}

export interface ParsedRecords {
  readonly records: LabelledRecord[];
  readonly bad: BadRecord[];
}

const TEXT_COLUMNS = ['text', 'content', 'message', 'tweet'];
const SENTIMENT_COLUMNS = ['sentiment', 'label', 'polarity', 'airline_sentiment'];

function splitTopics(value: string): string[] {
  return value
    .split(/[;|,]/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

function record(
  line: number,
  text: unknown,
  sentiment: unknown,
  lang: unknown,
  topics: readonly string[] | undefined,
  bad: BadRecord[],
  intents?: readonly string[],
): LabelledRecord | undefined {
  const unknown = intents?.filter((i) => !(INTENTS as readonly string[]).includes(i)) ?? [];
  if (unknown.length > 0) {
    bad.push({ line, reason: `unknown intent ${unknown.map((i) => JSON.stringify(i)).join(', ')}; expected ${INTENTS.join(', ')}` });
    return undefined;
  }
  if (typeof text !== 'string' || text.trim() === '') {
    bad.push({ line, reason: 'missing "text"' });
    return undefined;
  }
  const label = normaliseSentimentLabel(sentiment);
  if (label === undefined) {
    const shown = sentiment === undefined || sentiment === '' ? 'missing' : `unknown (${JSON.stringify(sentiment)})`;
    bad.push({ line, reason: `sentiment ${shown}; expected negative/neutral/positive, N/NEU/P or neg/neu/pos` });
    return undefined;
  }
  if (lang !== undefined && lang !== null && lang !== '' && typeof lang !== 'string') {
    bad.push({ line, reason: '"lang" must be a string' });
    return undefined;
  }
  return {
    text,
    sentiment: label,
    line,
    ...(typeof lang === 'string' && lang !== '' ? { lang } : {}),
    ...(topics && topics.length > 0 ? { topics } : {}),
    ...(intents ? { intents: [...new Set(intents)] } : {}),
  };
}

/** CSV with a header naming at least a text and a sentiment column (lang and topics optional). */
export function parseLabelledCsv(content: string, delimiter = ','): ParsedRecords {
  const bad: BadRecord[] = [];
  const records: LabelledRecord[] = [];
  const rows: CsvRow[] = [];
  for (const row of readCsv(content, delimiter)) {
    if ('error' in row) bad.push({ line: row.line, reason: row.error });
    else rows.push(row);
  }
  if (rows.length === 0) return { records, bad: bad.length > 0 ? bad : [{ line: 1, reason: 'empty file' }] };
  const header = rows[0].fields.map((h) => h.trim().toLowerCase());
  const col = (names: readonly string[]): number => header.findIndex((h) => names.includes(h));
  const textCol = col(TEXT_COLUMNS);
  const sentimentCol = col(SENTIMENT_COLUMNS);
  if (textCol < 0 || sentimentCol < 0) {
    return { records, bad: [{ line: rows[0].line, reason: `the header must name a "text" and a "sentiment" column (got: ${header.join(', ')})` }] };
  }
  const langCol = col(['lang', 'language']);
  const topicsCol = col(['topics', 'topic']);
  const intentsCol = col(['intents', 'intent']);
  for (const row of rows.slice(1)) {
    if (row.fields.length !== header.length) {
      bad.push({ line: row.line, reason: `expected ${header.length} fields, found ${row.fields.length}` });
      continue;
    }
    const r = record(
      row.line,
      row.fields[textCol],
      row.fields[sentimentCol],
      langCol >= 0 ? row.fields[langCol] : undefined,
      topicsCol >= 0 ? splitTopics(row.fields[topicsCol]) : undefined,
      bad,
      intentsCol >= 0 ? splitTopics(row.fields[intentsCol]) : undefined,
    );
    if (r) records.push(r);
  }
  return { records, bad };
}

/** JSONL: one `{text, sentiment, lang?, topics?}` object per line; blank lines ignored. */
export function parseLabelledJsonl(content: string): ParsedRecords {
  const bad: BadRecord[] = [];
  const records: LabelledRecord[] = [];
  content.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      bad.push({ line, reason: `invalid JSON (${(error as Error).message})` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      bad.push({ line, reason: 'expected a JSON object like {"text": "...", "sentiment": "negative"}' });
      return;
    }
    const o = value as Record<string, unknown>;
    let topics: string[] | undefined;
    if (o.topics !== undefined) {
      if (!Array.isArray(o.topics) || !o.topics.every((t): t is string => typeof t === 'string')) {
        bad.push({ line, reason: '"topics" must be an array of strings' });
        return;
      }
      topics = o.topics;
    }
    if (o.intents !== undefined && (!Array.isArray(o.intents) || !o.intents.every((t): t is string => typeof t === 'string'))) {
      bad.push({ line, reason: '"intents" must be an array of strings' });
      return;
    }
    const r = record(line, o.text, o.sentiment, o.lang, topics, bad, o.intents as string[] | undefined);
    if (r) records.push(r);
  });
  return { records, bad };
}

/** Picks the format by extension (.jsonl/.ndjson/.json, .tsv, else CSV). */
export function parseLabelledFile(name: string, content: string): ParsedRecords {
  const lower = name.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) return parseLabelledJsonl(content);
  return parseLabelledCsv(content, lower.endsWith('.tsv') ? '\t' : ',');
}
