import { describe, expect, it } from 'vitest';
import { jaroWinkler } from './jaro-winkler';

describe('jaroWinkler', () => {
  it('gives the published values for the textbook pairs', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
  });

  it('is 1 for equal strings and 0 for nothing in common', () => {
    expect(jaroWinkler('garcia', 'garcia')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
  });

  it('scores a one-letter slip above a different surname', () => {
    expect(jaroWinkler('fernandez', 'fernadez')).toBeGreaterThan(0.95);
    expect(jaroWinkler('gonzalez', 'gomez')).toBeLessThan(0.85);
  });
});
