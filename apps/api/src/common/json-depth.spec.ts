import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from './json-depth';

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, not brackets inside strings or escaped quotes', () => {
    expect(nestsDeeperThan('{"a":[1,{"b":2}]}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a":[1,{"b":[2]}]}', 3)).toBe(true);
    expect(nestsDeeperThan(JSON.stringify({ text: '[[[[[[{{{{{{', q: 'say \\"[[[[' }), 1)).toBe(false);
    expect(nestsDeeperThan(`${'['.repeat(5000)}${']'.repeat(5000)}`, 32)).toBe(true);
    expect(nestsDeeperThan('', 1)).toBe(false);
  });
});
