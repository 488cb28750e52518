import { IMPORT_FORMATS, MalformedRecord, type ImportFormat } from '@escucha/core';
import { readCsv } from './csv.reader';
import { readEmlRecord, readMboxRecords } from './email.records';

export { IMPORT_FORMATS, type ImportFormat };

/** A record of an import file and where it starts, so a bad one is reported by line (and, for email, message number). */
export interface NumberedRecord {
  line: number;
  message?: number;
  record: unknown;
}

/**
 * Every record of an import file, whatever its format. Asynchronous because the mail parser
 * is; the row formats are read as they always were.
 */
export async function* readImportFile(format: ImportFormat, text: string): AsyncGenerator<NumberedRecord> {
  if (format === 'eml') {
    yield await readEmlRecord(text);
    return;
  }
  if (format === 'mbox') {
    yield* readMboxRecords(text);
    return;
  }
  yield* readImportRecords(format, text);
}

/**
 * Column names a CSV may use for each post field: the JSON path itself (`author.handle`) or a
 * snake_case spelling, as exports from call-center and forum tools tend to have.
 */
const COLUMN_ALIASES: Record<string, string> = {
  created_at: 'createdAt',
  date: 'createdAt',
  author_id: 'author.id',
  author_handle: 'author.handle',
  author_name: 'author.name',
  author_followers: 'author.followers',
  author_location: 'author.location',
  customer_id: 'customerId',
  likes: 'metrics.likes',
  reposts: 'metrics.reposts',
  replies: 'metrics.replies',
};
const NUMERIC = new Set(['author.followers', 'metrics.likes', 'metrics.reposts', 'metrics.replies']);

/** Each record of the file, in order; one that does not parse is a MalformedRecord at its line. */
export function* readImportRecords(format: 'csv' | 'jsonl', text: string): Generator<NumberedRecord> {
  if (format === 'jsonl') {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (line === '') continue;
      try {
        yield { line: i + 1, record: JSON.parse(line) };
      } catch (error) {
        yield { line: i + 1, record: new MalformedRecord(`not valid JSON: ${(error as Error).message}`) };
      }
    }
    return;
  }
  let header: string[] | undefined;
  for (const row of readCsv(text)) {
    if ('error' in row) {
      yield { line: row.line, record: new MalformedRecord(row.error) };
      return;
    }
    if (!header) {
      header = row.fields.map((name) => COLUMN_ALIASES[name.trim()] ?? name.trim());
      continue;
    }
    if (row.fields.length !== header.length) {
      yield { line: row.line, record: new MalformedRecord(`has ${row.fields.length} fields, the header has ${header.length}`) };
      continue;
    }
    yield { line: row.line, record: csvRecord(header, row.fields) };
  }
}

/** Builds the nested record from dotted columns; an empty cell is an absent field. */
function csvRecord(header: readonly string[], fields: readonly string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  header.forEach((path, i) => {
    const raw = fields[i];
    if (raw === '') return;
    const value = NUMERIC.has(path) && /^\d+$/.test(raw) ? Number(raw) : raw;
    const keys = path.split('.');
    let target = record;
    for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[keys[keys.length - 1]] = value;
  });
  return record;
}
