import { describe, expect, it } from 'vitest';
import { queryWords } from '../query-arguments';
import { termsOf } from '../post-terms';
import { wordsOf } from './elasticsearch.post-document';

describe('words computed at write time', () => {
  it('terms: lower-cased distinct words of 3+ letters, accents kept, without URLs, handles or digits', () => {
    expect(termsOf('El internet va LENTO https://status.example.com/incident/42 @telco_help internet')).toEqual([
      'internet',
      'lento',
    ]);
    expect(termsOf('Internet caído otra vez en Madrid')).toEqual(['internet', 'caído', 'otra', 'vez', 'madrid']);
    expect(termsOf('ok no 42 www.example.com/x')).toEqual([]);
  });

  it('words: folded and split exactly as the words of q, so each q word is one whole token', () => {
    const text = 'El CAFÉ está frío, ¿no? Coverage-outage 24h';
    expect(wordsOf(text)).toBe('el cafe esta frio no coverage outage 24h');
    const tokens = wordsOf(text).split(' ');
    for (const word of queryWords('café FRÍO coverage')) expect(tokens).toContain(word);
    expect(wordsOf('...')).toBe('');
  });
});
