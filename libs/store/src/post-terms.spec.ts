import { describe, expect, it } from 'vitest';
import { termsOf } from './post-terms';

describe('termsOf', () => {
  it('counts a place of several words as one term, however it is written', () => {
    expect(termsOf('Sin fibra en Mar del Plata desde ayer')).toEqual(['sin', 'fibra', 'mar del plata', 'desde', 'ayer']);
    expect(termsOf('corte en RIO CUARTO y en Río Cuarto')).toEqual(['corte', 'rio cuarto', 'río cuarto']);
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
});
