import { describe, expect, it } from 'vitest';
import { generatePassword } from './password';

describe('generatePassword', () => {
  it('gives passwords of the length asked, without look-alike characters, never the same twice', () => {
    const made = Array.from({ length: 200 }, () => generatePassword());
    expect(made.every((p) => p.length === 20)).toBe(true);
    expect(made.join('')).not.toMatch(/[0O1lI]/);
    expect(new Set(made).size).toBe(200);
    expect(generatePassword(32)).toHaveLength(32);
  });

  it('draws from the whole alphabet', () => {
    const counts = new Map<string, number>();
    for (const c of Array.from({ length: 500 }, () => generatePassword()).join('')) counts.set(c, (counts.get(c) ?? 0) + 1);
    // 10,000 characters over 57: about 175 each.
    expect(counts.size).toBe(57);
    expect(Math.min(...counts.values())).toBeGreaterThan(100);
  });
});
