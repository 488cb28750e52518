import { describe, expect, it } from 'vitest';
import { foldText, squeeze } from './text.normalizer';
import { segmentHashtag, tokenize, type Token } from './text.tokenizer';

const words = (tokens: readonly Token[]) => tokens.filter((t) => t.kind === 'word').map((t) => t.norm);
const known = (list: string[]) => {
  const set = new Set(list);
  return (w: string) => set.has(w);
};

describe('normalisation', () => {
  it('folds case and accents, keeps ñ as n so "año" and "ano" meet', () => {
    expect(foldText('Atención SEÑAL Pingüino Ñandú')).toBe('atencion senal pinguino nandu');
  });

  it('drops apostrophes so "don\'t" and "dont" are one word', () => {
    expect(foldText("don't")).toBe('dont');
    expect(foldText('don’t')).toBe('dont');
  });

  it('offers both squeezed forms of an elongation and leaves real double letters alone', () => {
    expect(squeeze('sooo')).toEqual({ one: 'so', two: 'soo' });
    expect(squeeze('llamar')).toBeUndefined();
    expect(squeeze('carrro')).toEqual({ one: 'caro', two: 'carro' });
  });
});

describe('tokenize', () => {
  it('lower-cases, strips accents and squeezes elongations, flagging them', () => {
    const { tokens } = tokenize('Malíiiisimo el servicio');
    expect(tokens[0]).toMatchObject({ kind: 'word', norm: 'malisimo', elongated: true });
    expect(tokens[1]).toMatchObject({ norm: 'el', elongated: false });
  });

  it('resolves an elongation to the spelling the vocabulary knows ("goood" is good, "sooo" is so)', () => {
    const vocab = known(['good', 'so']);
    expect(words(tokenize('goood', vocab).tokens)).toEqual(['good']);
    expect(words(tokenize('sooo', vocab).tokens)).toEqual(['so']);
  });

  it('flags words in capitals and counts them', () => {
    const t = tokenize('NO ANDA el wifi');
    expect(t.tokens.map((x) => x.caps)).toEqual([true, true, false, false]);
    expect(t.capsWords).toBe(2);
    expect(t.letterWords).toBe(4);
  });

  it('keeps mentions and hashtags, folded, and splits camel-cased hashtags into words', () => {
    const { tokens } = tokenize('@AuroraMovil #SinServicio');
    expect(tokens[0]).toMatchObject({ kind: 'mention', norm: 'auroramovil' });
    expect(tokens[1]).toMatchObject({ kind: 'hashtag', norm: 'sinservicio', parts: 2 });
    expect(tokens.slice(2).map((t) => [t.norm, t.part])).toEqual([
      ['sin', true],
      ['servicio', true],
    ]);
  });

  it('splits lower-case hashtags into known words, fewest first', () => {
    expect(segmentHashtag('nothappy', known(['not', 'happy', 'no', 'ha']))).toEqual(['not', 'happy']);
    expect(segmentHashtag('sinservicio', known(['sin', 'servicio']))).toEqual(['sin', 'servicio']);
    expect(segmentHashtag('qwerty', known(['not']))).toBeUndefined();
  });

  it('reads emoji, skipping skin tones and variation selectors', () => {
    const { tokens } = tokenize('genial 👍🏽 ❤️');
    expect(tokens.filter((t) => t.kind === 'emoji').map((t) => t.norm)).toEqual(['👍', '❤']);
  });

  it('reads emoticons at word boundaries but never inside times or URLs', () => {
    const kinds = (text: string) => tokenize(text).tokens.map((t) => `${t.kind}:${t.norm}`);
    expect(kinds('gracias :) nada :(')).toEqual(['word:gracias', 'emoticon::)', 'word:nada', 'emoticon::(']);
    expect(kinds('a las 10:30 https://x.co/a:b')).toEqual(['word:a', 'word:las', 'number:10:30', 'url:https://x.co/a:b']);
    expect(kinds('jaja xD')).toEqual(['word:jaja', 'emoticon:xD']);
    expect(kinds('son 3.Hola')).toEqual(['word:son', 'number:3', 'punct:.', 'word:hola']);
  });

  it('counts exclamation and question marks, and the marks only Spanish uses', () => {
    const t = tokenize('¿¡Otra vez sin señal!!!?');
    expect(t.exclamations).toBe(4);
    expect(t.questions).toBe(2);
    expect(t.spanishMarks).toBeGreaterThanOrEqual(3);
  });

  it('counts English contractions before dropping their apostrophes', () => {
    const t = tokenize("I can't believe it's down");
    expect(t.contractions).toBe(2);
    expect(words(t.tokens)).toContain('cant');
  });
});
