import { describe, expect, it } from 'vitest';
import { canonicalFirstNames, fold, sameFirstName, words } from './names';

describe('names', () => {
  it('folds accents, case and punctuation', () => {
    expect(fold('  José-María  PÉREZ ')).toBe('jose maria perez');
    expect(words('Ana G.')).toEqual(['ana', 'g']);
    expect(words(undefined)).toEqual([]);
  });

  it('knows Spanish and English nicknames both ways', () => {
    expect(sameFirstName('pepe', 'jose')).toBe(true);
    expect(sameFirstName('paco', 'francisco')).toBe(true);
    expect(sameFirstName('bob', 'robert')).toBe(true);
    expect(sameFirstName('jose', 'jose')).toBe(true);
    expect(sameFirstName('paco', 'jose')).toBe(false);
  });

  it('lets an ambiguous short form stand for every name it shortens', () => {
    expect(canonicalFirstNames('ale').sort()).toEqual(['alejandra', 'alejandro']);
    expect(canonicalFirstNames('zoe')).toEqual(['zoe']);
  });
});
