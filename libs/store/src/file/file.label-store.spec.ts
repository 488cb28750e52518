import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '@escucha/core';
import type { Label } from '../label-store.port';
import { FileLabelStore, LABELS_FILE } from './file.label-store';

const label = (n: number, extra: Partial<Label> = {}): Label => ({
  postId: `x:${n}`,
  text: `texto ${n}`,
  lang: 'es',
  sentiment: 'negative',
  by: 'ana',
  at: new Date(Date.UTC(2026, 10, 23, 12, 0, n)),
  ...extra,
});

describe('FileLabelStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'escucha-labels-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends, lists in order with a cursor and counts, and a reopened store reads the same', async () => {
    const store = await FileLabelStore.open(dir);
    expect(await store.count()).toBe(0);
    await Promise.all([1, 2, 3].map((n) => store.add(label(n, n === 2 ? { sentiment: undefined, topics: ['billing'] } : {}))));
    expect(await store.count()).toBe(3);

    const first = await store.list({ limit: 2 });
    expect(first.total).toBe(3);
    expect(first.items.map((l) => l.postId)).toEqual(['x:1', 'x:2']);
    expect(first.items[1]).toEqual(label(2, { sentiment: undefined, topics: ['billing'] }));
    expect(first.items[1]).not.toHaveProperty('sentiment');
    const second = await store.list({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((l) => l.postId)).toEqual(['x:3']);
    expect(second.nextCursor).toBeUndefined();

    const reopened = await FileLabelStore.open(dir);
    expect((await reopened.list({ limit: 10 })).items).toEqual((await store.list({ limit: 10 })).items);
    expect(readFileSync(join(dir, LABELS_FILE), 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('ignores a torn last line after a crash, and the next append starts on a line of its own', async () => {
    const store = await FileLabelStore.open(dir);
    await store.add(label(1));
    appendFileSync(join(dir, LABELS_FILE), '{"postId":"x:2","text":"cortado a la mi');

    const reopened = await FileLabelStore.open(dir);
    expect(await reopened.count()).toBe(1);
    await reopened.add(label(3));
    const again = await FileLabelStore.open(dir);
    expect((await again.list({ limit: 10 })).items.map((l) => l.postId)).toEqual(['x:1', 'x:3']);
  });

  it('names the line of a corrupt complete line instead of dropping it', async () => {
    writeFileSync(join(dir, LABELS_FILE), `${JSON.stringify({ ...label(1), at: label(1).at.toISOString() })}\nnot json\n`);
    await expect(FileLabelStore.open(dir)).rejects.toThrow(`${LABELS_FILE}:2: not JSON`);
  });

  it('rejects a bad limit or a cursor it did not hand out', async () => {
    const store = await FileLabelStore.open(dir);
    await expect(store.list({ limit: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(store.list({ limit: 10, cursor: 'abc' })).rejects.toBeInstanceOf(ValidationError);
    await expect(store.list({ limit: 10, cursor: '5' })).rejects.toBeInstanceOf(ValidationError);
  });
});
