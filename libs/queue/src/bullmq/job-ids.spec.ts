import { describe, expect, it } from 'vitest';
import { fromBullId, toBullId } from './job-ids';

describe('BullMQ job ids', () => {
  it('keeps ordinary ids as they are', () => {
    for (const id of ['dup-1', 'ingest-3f2a9c', 'f1', '1a', '-', '¿qué?']) expect(toBullId(id)).toBe(id);
  });

  it('escapes what BullMQ refuses, and its own mark, and maps every id back', () => {
    for (const id of ['42', '0', '-7', 'x:y', 'a:b:c', 'b64.abc', 'b64.', ':']) {
      const stored = toBullId(id);
      expect(stored).not.toBe(id);
      expect(stored).not.toContain(':');
      expect(`${Number.parseInt(stored, 10)}`).not.toBe(stored);
      expect(fromBullId(stored)).toBe(id);
    }
  });

  it('never maps two ids to one', () => {
    const ids = ['42', 'b64.NDI', 'NDI', 'x:y', 'b64.eDp5', 'eDp5'];
    expect(new Set(ids.map(toBullId)).size).toBe(ids.length);
  });
});
