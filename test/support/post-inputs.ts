import type { PostInput } from '@escucha/core';

let seq = 0;

/** A valid API post; each call gets a fresh native id unless one is given. */
export function aPostInput(overrides: Partial<PostInput> = {}): PostInput {
  seq++;
  return {
    id: `t-${process.pid}-${Date.now()}-${seq}`,
    source: 'x',
    text: 'Sin señal desde ayer en Palermo, una vergüenza',
    createdAt: new Date().toISOString(),
    author: { id: `author-${seq % 7}`, handle: `user${seq % 7}`, name: `User ${seq % 7}`, followers: 100 + seq, location: 'Buenos Aires' },
    ...overrides,
  };
}

export function somePostInputs(count: number, overrides: Partial<PostInput> = {}): PostInput[] {
  return Array.from({ length: count }, () => aPostInput(overrides));
}
