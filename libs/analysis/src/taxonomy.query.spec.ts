import { describe, expect, it } from 'vitest';
import { QueryMatcher } from './taxonomy.compiler';
import { parseQuery, QuerySyntaxError } from './taxonomy.query';
import { tokenize } from './text.tokenizer';

/** Compiles one query and tells whether it matches a text; `stem` picks the language's stemming rules. */
function matches(query: string, text: string, stem?: string, lang?: string): boolean {
  const matcher = new QueryMatcher([{ tag: 'q', root: parseQuery(query), ...(stem ? { stem } : {}) }]);
  return matcher.match(tokenize(text).tokens, lang).length === 1;
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
    ['a1 NEAR/0 b1', 'NEAR distance must be from 1 to 20', 9],
    ['a1 NEAR/21 b1', 'NEAR distance must be from 1 to 20', 9],
    ['a1 NEAR/x b1', '"NEAR/x" needs a number of words from 1 to 20', 9],
    ['a1 NEAR/ b1', 'needs a number of words', 9],
    ['NEAR/3 b1', 'NEAR/3 needs a word, a "phrase" or "(" right before it', 1],
    ['a1 NEAR/3', 'expected a word, a "phrase" or "(" after NEAR/3', 10],
    ['a1 NEAR/3 OR b1', 'expected a word, a "phrase" or "(" after NEAR/3', 11],
    ['(a1 b1) NEAR/3 c1', 'not an AND, NOT or NEAR group', 1],
    ['a1 NEAR/3 (b1 AND c1)', 'not an AND, NOT or NEAR group', 11],
    ['a1 NEAR/3 NOT b1', 'put NOT outside', 11],
    ['(a1 NEAR b1) NEAR c1', 'not an AND, NOT or NEAR group', 1],
    ['a1 NEAR/2 b1 NEAR/2 c1', 'NEAR cannot follow another NEAR', 14],
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

describe('query language: NEAR', () => {
  it('matches two terms within n words, in either order', () => {
    expect(matches('factura NEAR/3 alta', 'la factura vino muy alta')).toBe(true);
    expect(matches('factura NEAR/3 alta', 'alta la factura')).toBe(true);
    expect(matches('factura NEAR/2 alta', 'la factura vino muy alta')).toBe(false);
    expect(matches('factura NEAR/1 alta', 'factura alta')).toBe(true);
    expect(matches('factura NEAR/1 alta', 'factura muy alta')).toBe(false);
  });

  it('counts words, numbers, hashtags and emoji; punctuation and links take no place', () => {
    expect(matches('factura NEAR/1 alta', 'factura... ¡alta!')).toBe(true);
    expect(matches('factura NEAR/2 alta', 'factura https://x.y/z re alta')).toBe(true);
    expect(matches('factura NEAR/2 alta', 'factura 😡 re alta')).toBe(false);
  });

  it('needs two different places: one word cannot be both sides', () => {
    expect(matches('factur* NEAR/3 factura', 'la factura')).toBe(false);
    expect(matches('factur* NEAR/3 factura', 'la factura y la facturación')).toBe(true);
  });

  it('finds the closest pair when a term occurs several times', () => {
    const text = 'cobro uno dos tres cuatro cinco seis siete ocho cobro error';
    expect(matches('cobro NEAR/1 error', text)).toBe(true);
  });

  it('measures from the edge of a phrase', () => {
    expect(matches('"sin señal" NEAR/2 casa', 'sin señal en casa')).toBe(true);
    expect(matches('"sin señal" NEAR/2 casa', 'casa y sin señal')).toBe(true);
    expect(matches('"sin señal" NEAR/1 casa', 'casa y sin señal')).toBe(false);
    expect(matches('"sin señal" NEAR/3 casa', 'sin ninguna señal en casa')).toBe(false);
  });

  it('takes wildcards and ORs of terms on either side', () => {
    expect(matches('rechaz* NEAR/3 (compra OR pago)', 'me rechazaron el pago')).toBe(true);
    expect(matches('rechaz* NEAR/3 (compra OR pago)', 'me rechazaron la compra')).toBe(true);
    expect(matches('rechaz* NEAR/3 (compra OR pago)', 'rechazo total, nada de nada de pago')).toBe(false);
    expect(matches('(plata OR dinero) NEAR/4 (llegó OR "se acreditó")', 'el dinero todavía no se acreditó')).toBe(true);
  });

  it('reads bare NEAR as NEAR/5', () => {
    expect(matches('cuenta NEAR bloqueada', 'cuenta uno dos tres cuatro bloqueada')).toBe(true);
    expect(matches('cuenta NEAR bloqueada', 'cuenta uno dos tres cuatro cinco bloqueada')).toBe(false);
  });

  it('combines with AND, OR and NOT, binding tighter than all of them', () => {
    const q = 'app NEAR/2 error AND NOT chiste OR caída';
    expect(matches(q, 'la app da error')).toBe(true);
    expect(matches(q, 'la app da error, es un chiste')).toBe(false);
    expect(matches(q, 'caída total')).toBe(true);
    expect(matches('NOT app NEAR/1 banco AND error', 'error en la app del banco')).toBe(true);
    expect(matches('NOT app NEAR/1 banco AND error', 'error app banco')).toBe(false);
  });

  it('treats lower-case near as a word', () => {
    expect(matches('near', 'a store near me')).toBe(true);
  });

  it('uses stems on both sides when the query is stemmed', () => {
    expect(matches('cobro NEAR/2 doble', 'cobros dobles', 'es')).toBe(true);
    expect(matches('cobro NEAR/2 doble', 'cobros dobles')).toBe(false);
  });

  it('keeps state per post and shares one matcher with other queries', () => {
    const matcher = new QueryMatcher([
      { tag: 'near', root: parseQuery('app NEAR/2 error') },
      { tag: 'plain', root: parseQuery('app') },
    ]);
    expect(matcher.match(tokenize('app error').tokens)).toEqual(['near', 'plain']);
    expect(matcher.match(tokenize('app uno dos tres error').tokens)).toEqual(['plain']);
    expect(matcher.match(tokenize('error').tokens)).toEqual([]);
  });
});

describe('query language: stemming', () => {
  it('matches Spanish plurals and feminine participles, both ways', () => {
    expect(matches('factura', 'me llegaron dos facturas', 'es')).toBe(true);
    expect(matches('facturas', 'la factura', 'es')).toBe(true);
    expect(matches('cobro', 'cobros indebidos', 'es')).toBe(true);
    expect(matches('comisión', 'cuántas comisiones', 'es')).toBe(true);
    expect(matches('señal', 'SEÑALES', 'es')).toBe(true);
    expect(matches('caído', 'la red está caída', 'es')).toBe(true);
  });

  it('does not merge Spanish words that only look alike', () => {
    expect(matches('cuenta', 'un cuento', 'es')).toBe(false);
    expect(matches('caro', 'me rompí la cara', 'es')).toBe(false);
    expect(matches('cobro', 'me cobra', 'es')).toBe(false);
    expect(matches('factura', 'facturación', 'es')).toBe(false);
  });

  it('matches English plurals, -ing and -ed', () => {
    expect(matches('outage', 'two outages today', 'en')).toBe(true);
    expect(matches('bill', 'my bills', 'en')).toBe(true);
    expect(matches('bill', 'billing department', 'en')).toBe(true);
    expect(matches('charge', 'I was charged twice', 'en')).toBe(true);
    expect(matches('branch', 'all branches closed', 'en')).toBe(true);
  });

  it('does not merge English words that only look alike', () => {
    expect(matches('new', 'the news', 'en')).toBe(false);
    expect(matches('plan', 'on a plane', 'en')).toBe(false);
    expect(matches('not', 'a note', 'en')).toBe(false);
    expect(matches('even', 'this evening', 'en')).toBe(false);
  });

  it('matches phrases word by word on stems, and wildcards on the written word', () => {
    expect(matches('"cargo extra"', 'cargos extras', 'es')).toBe(true);
    expect(matches('"cargo extra"', 'extra cargo', 'es')).toBe(false);
    expect(matches('"dropped call"', 'it keeps dropping calls', 'en')).toBe(true);
    expect(matches('"dropped call"', 'the call dropped', 'en')).toBe(false);
    expect(matches('"dropped call"', 'so many dropped calls', 'en')).toBe(true);
    expect(matches('"cobr* de más"', 'cobros de más', 'es')).toBe(true);
    // A wildcard is a prefix of the word as written, never of its stem.
    expect(matches('factur*', 'fractura', 'es')).toBe(false);
  });

  it('stems with the query language, and "*" with the post language', () => {
    // Spanish rules merge plan/planes; English rules keep plane apart from plan.
    expect(matches('plan', 'nuevos planes', '*', 'es')).toBe(true);
    expect(matches('plan', 'on a plane', '*', 'en')).toBe(false);
    expect(matches('plan', 'new plans', '*', 'en')).toBe(true);
    // A language without rules compares folded words exactly.
    expect(matches('plan', 'novos planos', '*', 'pt')).toBe(false);
    expect(matches('plan', 'nuevos planes', 'pt')).toBe(false);
  });

  it('keeps case- and accent-insensitivity', () => {
    expect(matches('comisión', 'COMISIONES', 'es')).toBe(true);
    expect(matches('comision', 'comisiónes', 'es')).toBe(true);
  });
});
