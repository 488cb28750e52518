import { describe, expect, it } from 'vitest';
import { assertInterval, assertLimit, assertSplit, foldText, queryWords } from './query-arguments';

describe('query arguments', () => {
  it('folds case and accents the way stored text is folded', () => {
    expect(foldText('ÑANDÚ Café Ação')).toBe('nandu cafe acao');
  });

  it('splits q into distinct folded words on anything but letters and digits', () => {
    expect(queryWords('  Café-bar, CAFE! 4G ')).toEqual(['cafe', 'bar', '4g']);
    expect(queryWords(undefined)).toEqual([]);
    expect(queryWords('¡¿?!')).toEqual([]);
  });

  it('refuses limits, intervals and splits outside their sets', () => {
    expect(() => assertLimit('limit', 0, 10)).toThrow(/1 to 10/);
    expect(() => assertLimit('limit', 11, 10)).toThrow(/1 to 10/);
    expect(() => assertLimit('limit', 1.5, 10)).toThrow(/integer/);
    expect(() => assertLimit('limit', 10, 10)).not.toThrow();
    expect(() => assertInterval('fortnight')).toThrow(/minute, hour, day, week/);
    expect(() => assertSplit('colour')).toThrow(/sentiment/);
  });
});
