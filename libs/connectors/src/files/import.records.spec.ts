import { MalformedRecord } from '@escucha/core';
import { describe, expect, it } from 'vitest';
import { withSourceDefaults } from '../record.defaults';
import { readCsv } from './csv.reader';
import { readImportRecords } from './import.records';

describe('readCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks, numbering rows by the line they start on', () => {
    const text = '\ufeffid,text\r\n1,"hola, ""mundo"""\r\n2,"dos\nlíneas"\n\n3,fin';
    expect([...readCsv(text)]).toEqual([
      { line: 1, fields: ['id', 'text'] },
      { line: 2, fields: ['1', 'hola, "mundo"'] },
      { line: 3, fields: ['2', 'dos\nlíneas'] },
      { line: 6, fields: ['3', 'fin'] },
    ]);
  });

  it('reports a quote never closed at the line it opened on', () => {
    expect([...readCsv('id,text\n1,"open\n2,x\n')].at(-1)).toEqual({ line: 2, error: 'line 2: a quoted field is never closed' });
  });
});

describe('readImportRecords', () => {
  it('maps CSV columns, dotted or snake_case, to a nested record; empty cells are absent', () => {
    const csv = 'id,created_at,text,author_id,author.handle,customer_id,likes,campaign\nn1,2026-03-01T10:00:00Z,Sin línea,a1,ana,C-9,3,\n';
    expect([...readImportRecords('csv', csv)]).toEqual([
      {
        line: 2,
        record: { id: 'n1', createdAt: '2026-03-01T10:00:00Z', text: 'Sin línea', author: { id: 'a1', handle: 'ana' }, customerId: 'C-9', metrics: { likes: 3 } },
      },
    ]);
  });

  it('keeps a row with the wrong number of fields, and a bad JSONL line, as malformed at their line', () => {
    const [bad] = [...readImportRecords('csv', 'id,text\n1,a,b\n')];
    expect(bad.line).toBe(2);
    expect(bad.record).toBeInstanceOf(MalformedRecord);
    const jsonl = [...readImportRecords('jsonl', '{"id":"1"}\n\n{oops\n')];
    expect(jsonl.map((r) => r.line)).toEqual([1, 3]);
    expect((jsonl[1].record as MalformedRecord).error).toMatch(/not valid JSON/);
  });
});

describe('withSourceDefaults', () => {
  it('fills the channel and a customer as author, keeping what the record says', () => {
    expect(withSourceDefaults({ id: '1', customerId: 'C-1' }, 'callcenter')).toEqual({ id: '1', customerId: 'C-1', source: 'callcenter', author: { id: 'C-1', handle: 'C-1' } });
    expect(withSourceDefaults({ id: '1', source: 'forum', author: { id: 'u', handle: 'u' } }, 'callcenter')).toEqual({ id: '1', source: 'forum', author: { id: 'u', handle: 'u' } });
    expect(withSourceDefaults('text', 'email')).toBe('text');
    const malformed = new MalformedRecord('has 3 fields, the header has 2');
    expect(withSourceDefaults(malformed, 'email')).toBe(malformed);
  });
});
