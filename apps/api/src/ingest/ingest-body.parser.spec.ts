import { validatePostInput } from '@escucha/ingest';
import { describe, expect, it } from 'vitest';
import { parseIngestBody } from './ingest-body.parser';

describe('parseIngestBody', () => {
  it('takes a JSON array as it is and one object as a batch of one', () => {
    expect(parseIngestBody([{ a: 1 }, { b: 2 }], 10)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(parseIngestBody({ a: 1 }, 10)).toEqual([{ a: 1 }]);
  });

  it('parses NDJSON line by line, keeping a bad line as a rejected record at its index', () => {
    const records = parseIngestBody('{"a":1}\n\n{oops\n{"b":2}\n', 10);
    expect(records).toHaveLength(3);
    expect(records[0]).toEqual({ a: 1 });
    const outcome = validatePostInput(records[1]);
    expect(!outcome.ok && outcome.error).toMatch(/^line 3 is not valid JSON/);
    expect(records[2]).toEqual({ b: 2 });
  });

  it('refuses an empty body and an empty array with 400', () => {
    expect(() => parseIngestBody({}, 10)).toThrow(expect.objectContaining({ status: 400, code: 'EMPTY_BODY' }));
    expect(() => parseIngestBody([], 10)).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => parseIngestBody('\n\n', 10)).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('refuses more posts than allowed with 413', () => {
    expect(() => parseIngestBody([1, 2, 3], 2)).toThrow(expect.objectContaining({ status: 413, code: 'TOO_MANY_POSTS' }));
  });
});
