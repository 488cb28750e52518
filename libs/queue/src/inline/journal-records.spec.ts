import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeAdded, encodeCompleted, encodeFailed, encodeStarted } from './journal-records';

/** A line as the journal stores it, minus its newline. */
function line(buffers: Buffer | Buffer[]): Buffer {
  const whole = Buffer.concat(Array.isArray(buffers) ? buffers : [buffers]);
  expect(whole[whole.length - 1]).toBe(0x0a);
  return whole.subarray(0, whole.length - 1);
}

describe('journal records', () => {
  const data = Buffer.from(JSON.stringify({ posts: [{ text: 'tab\there\nnewline ¿qué? 🚀' }], receivedAt: 'x' }));
  const added = { id: 'j1', name: 'posts.ingest' as const, maxAttempts: 5, backoffMs: 1000, attemptsMade: 2, explicitId: true, addedAt: 1_700_000_000_123, data };

  it('round-trips every kind of record', () => {
    expect(decodeRecord(line(encodeAdded(added)))).toEqual({ e: 'a', ...added });
    expect(decodeRecord(line(encodeStarted('j1', 3)))).toEqual({ e: 's', id: 'j1', attempt: 3 });
    expect(decodeRecord(line(encodeCompleted('j1')))).toEqual({ e: 'c', id: 'j1' });
    const failed = { id: 'j1', name: 'posts.ingest' as const, attempts: 5, error: 'store down\tagain', failedAt: 1_700_000_000_000 };
    expect(decodeRecord(line(encodeFailed(failed)))).toEqual({ e: 'f', ...failed });
  });

  it('reads an added line from before addedAt was written, and refuses a bad one', () => {
    const { addedAt: _, ...older } = added;
    expect(decodeRecord(line(encodeAdded(older)))).toStrictEqual({ e: 'a', ...older, addedAt: undefined });
    const bad = line(encodeAdded(added)).toString('utf8').replace('"at":1700000000123', '"at":-5');
    expect(decodeRecord(Buffer.from(bad))).toBeUndefined();
  });

  it('keeps a payload line free of raw newlines, so lines can be split on bytes', () => {
    expect(line(encodeAdded(added)).includes(0x0a)).toBe(false);
  });

  it('rejects a cut-short payload, a spliced line and garbage', () => {
    const whole = line(encodeAdded(added));
    expect(decodeRecord(whole.subarray(0, whole.length - 3))).toBeUndefined();
    expect(decodeRecord(Buffer.concat([whole.subarray(0, 40), line(encodeCompleted('j2'))]))).toBeUndefined();
    expect(decodeRecord(Buffer.from('\u0000\u0000\u0000'))).toBeUndefined();
    expect(decodeRecord(Buffer.from('{"e":"x","id":"j1"}'))).toBeUndefined();
    expect(decodeRecord(Buffer.from('{"e":"s","id":"j1","m":-1}'))).toBeUndefined();
  });
});
