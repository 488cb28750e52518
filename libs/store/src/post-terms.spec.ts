import { describe, expect, it } from 'vitest';
import { foldedRanking, termsOf } from './post-terms';

describe('termsOf', () => {
  it('counts a place of several words as one term, however it is written', () => {
    expect(termsOf('Sin fibra en Mar del Plata desde ayer')).toEqual(['sin', 'fibra', 'mar del plata', 'desde', 'ayer']);
    expect(termsOf('corte en RIO CUARTO y en Río Cuarto')).toEqual(['corte', 'río cuarto']);
    expect(termsOf('La Plata y Buenos Aires')).toEqual(['la plata', 'buenos aires']);
    // An everyday phrase that is also a place is not read as one: nothing says it was capitalised.
    expect(termsOf('me duele la boca')).toEqual(['duele', 'boca']);
  });

  // Function words ("sin", "tengo") stay terms here: top terms leave them out when asked, from the analyser's list.
  it('keeps a breakdown with its negation, past a pronoun, and leaves other negations alone', () => {
    expect(termsOf('No me anda el celular, sin señal')).toEqual(['no anda', 'celular', 'sin señal']);
    expect(termsOf('Aurora anda bárbaro')).toEqual(['aurora', 'anda', 'bárbaro']);
    expect(termsOf('no tengo saldo, sin embargo pago')).toEqual(['tengo', 'saldo', 'sin', 'embargo', 'pago']);
    expect(termsOf('internet not working again')).toEqual(['internet', 'not working', 'again']);
  });

  it('folds accents written apart (a base letter and a combining mark) for matching only', () => {
    const decomposed = 'sin sen\u0303al en Ri\u0301o Cuarto';
    expect(termsOf(decomposed)).toEqual(['sin sen\u0303al', 'ri\u0301o cuarto']);
  });

  it('keeps one form of a word per post, the accented one if the post writes it so', () => {
    expect(termsOf('senal mala, SEÑAL nula, señal')).toEqual(['señal', 'mala', 'nula']);
    expect(termsOf('Señal mala, senal nula')).toEqual(['señal', 'mala', 'nula']);
    expect(termsOf('sin senal y sin señal')).toEqual(['sin señal']);
  });
});

describe('foldedRanking', () => {
  it('adds the forms of a word up, shown as most posts write it', () => {
    const forms = [
      { key: 'senal', count: 5 },
      { key: 'lento', count: 6 },
      { key: 'señal', count: 3 },
      { key: 'caido', count: 1 },
      { key: 'caído', count: 4 },
    ];
    expect(foldedRanking(forms, 10)).toEqual([
      { key: 'senal', count: 8 },
      { key: 'lento', count: 6 },
      { key: 'caído', count: 5 },
    ]);
  });

  it('shows the accented form on a tie and ranks equal counts by word', () => {
    expect(foldedRanking([{ key: 'senal', count: 2 }, { key: 'señal', count: 2 }, { key: 'apagón', count: 4 }, { key: 'antena', count: 4 }], 10)).toEqual([
      { key: 'antena', count: 4 },
      { key: 'apagón', count: 4 },
      { key: 'señal', count: 4 },
    ]);
  });

  it('stops at the limit after adding up, not before', () => {
    expect(foldedRanking([{ key: 'lento', count: 3 }, { key: 'senal', count: 2 }, { key: 'señal', count: 2 }], 1)).toEqual([{ key: 'señal', count: 4 }]);
  });
});
