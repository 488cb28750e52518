import { describe, expect, it } from 'vitest';
import { QueryMatcher } from './taxonomy.compiler';
import { parseQuery, QuerySyntaxError } from './taxonomy.query';
import { tokenize } from './text.tokenizer';

/** Compiles one query and tells whether it matches a text. */
function matches(query: string, text: string): boolean {
  const matcher = new QueryMatcher([{ tag: 'q', root: parseQuery(query) }]);
  return matcher.match(tokenize(text).tokens).length === 1;
}

function syntaxError(query: string): QuerySyntaxError {
  try {
    parseQuery(query);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`"${query}" parsed`);
}

describe('query language: terms', () => {
  it('matches whole words, case- and accent-insensitively in both directions', () => {
    expect(matches('factura', 'Llegó la FACTURA')).toBe(true);
    expect(matches('señal', 'no tengo senal')).toBe(true);
    expect(matches('senal', 'No tengo SEÑAL')).toBe(true);
    expect(matches('factura', 'facturación')).toBe(false);
  });

  it('matches a trailing wildcard as a prefix', () => {
    expect(matches('factur*', 'la facturación de octubre')).toBe(true);
    expect(matches('factur*', 'mi factura')).toBe(true);
    expect(matches('factur*', 'fractura expuesta')).toBe(false);
  });

  it('matches "phrases" as consecutive words, not across punctuation', () => {
    expect(matches('"sin señal"', 'estoy sin señal desde ayer')).toBe(true);
    expect(matches('"sin señal"', 'señal sin')).toBe(false);
    expect(matches('"sin señal"', 'sin. Señal')).toBe(false);
    expect(matches('"cobr* de más"', 'me cobraron de mas')).toBe(true);
  });

  it('matches words inside hashtags and mentions', () => {
    expect(matches('"sin servicio"', 'otra vez #SinServicio')).toBe(true);
    expect(matches('@AuroraMovil', 'hola @auroramovil')).toBe(true);
  });

  it('splits a term written with a hyphen the way posts are split', () => {
    expect(matches('wi-fi', 'el wi fi no anda')).toBe(true);
  });
});

describe('query language: operators', () => {
  it('AND, OR, NOT and parentheses', () => {
    const q = '(factura OR cobro) AND NOT cobertura';
    expect(matches(q, 'la factura')).toBe(true);
    expect(matches(q, 'el cobro y la cobertura')).toBe(false);
    expect(matches(q, 'la cobertura')).toBe(false);
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    const q = 'a1 OR b1 AND c1';
    expect(matches(q, 'a1')).toBe(true);
    expect(matches(q, 'b1')).toBe(false);
    expect(matches(q, 'b1 c1')).toBe(true);
    expect(matches('NOT x1 AND y1', 'y1')).toBe(true);
    expect(matches('NOT x1 AND y1', 'x1 y1')).toBe(false);
  });

  it('reads words side by side as AND', () => {
    expect(matches('plan caro', 'el plan es caro')).toBe(true);
    expect(matches('plan caro', 'el plan es barato')).toBe(false);
  });

  it('treats lower-case and/or/not as words', () => {
    expect(matches('"not working"', 'it is not working')).toBe(true);
    expect(matches('not', 'not')).toBe(true);
  });
});

describe('query language: rejected queries say where', () => {
  it.each([
    ['', 'empty query', 1],
    ['factura AND', 'expected a word, a "phrase" or "(" after AND', 12],
    ['OR factura', 'expected a word', 1],
    ['(factura OR cobro', 'this "(" is never closed', 1],
    ['factura) OR cobro', 'unexpected ")"', 8],
    ['factura OR "sin señal', 'unterminated phrase', 12],
    ['fac*tura', '"*" is only allowed at the end of a word', 4],
    ['fa*', 'needs at least 3 letters', 3],
    ['factura OR ""', 'empty phrase', 12],
    ['factura OR ()', 'expected a word', 13],
    ['NOT factura', 'a NOT needs a positive term', 1],
    ['!!!', 'has no letters', 1],
  ])('%j → %s at %d', (query, reason, position) => {
    const error = syntaxError(query);
    expect(error.message).toContain(reason);
    expect(error.position).toBe(position);
    expect(error.message).toContain(`at position ${position}`);
  });
});

describe('compiled matcher', () => {
  it('evaluates many queries in one pass and reports matches in query order', () => {
    const matcher = new QueryMatcher([
      { tag: 'billing', root: parseQuery('factur* OR cobro') },
      { tag: 'outage', root: parseQuery('"sin servicio" OR caíd*') },
      { tag: 'coverage', root: parseQuery('señal AND NOT "buena señal"') },
    ]);
    expect(matcher.match(tokenize('sin servicio y la factura vino mal').tokens)).toEqual(['billing', 'outage']);
    expect(matcher.match(tokenize('buena señal').tokens)).toEqual([]);
    expect(matcher.match(tokenize('mala señal').tokens)).toEqual(['coverage']);
    // State from one post must not leak into the next.
    expect(matcher.match(tokenize('nada que ver').tokens)).toEqual([]);
  });
});
