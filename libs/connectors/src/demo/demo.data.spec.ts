import { describe, expect, it } from 'vitest';
import { authorKey, postId } from '@escucha/core';
import { DemoGenerator } from './demo.generator';
import { demoIdPrefix, demoSeeds, isDemoKey } from './demo.data';

describe('what the demo leaves in the store', () => {
  it('gives every post and every social or forum author it makes the prefix of its seed', () => {
    const generator = new DemoGenerator({ seed: 42, ratePerMinute: 30 });
    const from = new Date('2026-11-23T10:00:00Z');
    const posts = generator.generate(from, new Date(from.getTime() + 3 * 3_600_000));
    expect(posts.length).toBeGreaterThan(100);
    for (const post of posts) expect(post.id.startsWith(demoIdPrefix(42))).toBe(true);
    // As the store keys them, which is how an alert names the posts that opened it.
    for (const post of posts) expect(isDemoKey(postId(post.source, post.id), [42])).toBe(true);
    const social = posts.filter((post) => !['callcenter', 'assistant', 'email'].includes(post.source));
    expect(social.length).toBeGreaterThan(0);
    for (const post of social) expect(isDemoKey(authorKey(post.source, post.author.id), [42])).toBe(true);
  });

  it('tells a demo author key by platform and seed, and no one else\'s', () => {
    expect(isDemoKey('x:demo-42-u17', [7, 42])).toBe(true);
    expect(isDemoKey('forum:demo-42-f3', [42])).toBe(true);
    expect(isDemoKey('x:demo-42-u17', [7])).toBe(false);
    expect(isDemoKey('x:demo-420-u17', [42])).toBe(false);
    expect(isDemoKey('x:1890', [42])).toBe(false);
    expect(isDemoKey('demo-42-u17', [42])).toBe(false);
  });

  it('tells a demo post by its stored id and seed, and no one else\'s', () => {
    expect(isDemoKey('callcenter:demo-42-7', [7, 42])).toBe(true);
    expect(isDemoKey('x:demo-42-7', [7])).toBe(false);
    expect(isDemoKey('x:demo-420-7', [42])).toBe(false);
    expect(isDemoKey('x:1890', [42])).toBe(false);
    expect(isDemoKey('demo-42-7', [42])).toBe(false);
  });

  it('reads the seeds a checkpoint holds, ignoring anything else', () => {
    expect(demoSeeds([20261123, 7, 'x', 1.5, null])).toEqual([20261123, 7]);
    expect(demoSeeds(undefined)).toEqual([]);
    expect(demoSeeds({ seeds: [1] })).toEqual([]);
  });
});
