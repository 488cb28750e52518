import { describe, expect, it } from 'vitest';
import { createAnalyzer } from './analyzer';

const analyzer = createAnalyzer();
const es = (text: string) => analyzer.analyze({ text, lang: 'es' }).sentiment;
const en = (text: string) => analyzer.analyze({ text, lang: 'en' }).sentiment;
const terms = (text: string, lang: string) => analyzer.explain({ text, lang }).sentimentTerms;

describe('sentiment: basics', () => {
  it.each([
    ['Excelente atención, gracias', 'positive'],
    ['el servicio es pésimo', 'negative'],
    ['mañana voy a la oficina', 'neutral'],
  ])('es: %s → %s', (text, label) => expect(es(text).label).toBe(label));

  it.each([
    ['Great service, thank you', 'positive'],
    ['this is the worst carrier ever', 'negative'],
    ['I am flying to Denver tomorrow', 'neutral'],
  ])('en: %s → %s', (text, label) => expect(en(text).label).toBe(label));

  it('keeps the score in [-1, 1] however much is piled on', () => {
    const worst = es('PÉSIMO!!! una vergüenza, un asco, horrible, malísimo 😡😡😡 #sinservicio');
    const best = en('AMAZING!!! the best, excellent, wonderful, love it 😍😍😍');
    expect(worst.score).toBeGreaterThanOrEqual(-1);
    expect(worst.score).toBeLessThan(-0.9);
    expect(best.score).toBeLessThanOrEqual(1);
    expect(best.score).toBeGreaterThan(0.9);
  });
});

describe('sentiment: negation scope', () => {
  it('flips a positive word it reaches, in both languages', () => {
    expect(es('no me gusta').label).toBe('negative');
    expect(es('no es bueno').label).toBe('negative');
    expect(en('not good').label).toBe('negative');
    expect(en("I don't like it").label).toBe('negative');
  });

  it('makes a negated negative word mildly positive, not strongly', () => {
    const s = es('sin problemas');
    expect(s.label).toBe('positive');
    expect(s.score).toBeLessThan(es('todo excelente').score);
    expect(en('not bad').score).toBeGreaterThan(0);
  });

  it('turns the neutral verbs customers use into complaints when negated ("no anda", "nobody answers")', () => {
    expect(es('no anda').label).toBe('negative');
    expect(es('no me funciona el celular').label).toBe('negative');
    expect(es('nadie atiende en el 0800').label).toBe('negative');
    expect(en('it does not work').label).toBe('negative');
    expect(en('nobody answers the phone').label).toBe('negative');
    // Un-negated, the same verbs say nothing.
    expect(es('anda').label).toBe('neutral');
    expect(en('it works').label).toBe('neutral');
  });

  it('ends at punctuation: "No, gracias" is not a negated thank-you... and "no. Excelente" stays positive', () => {
    expect(es('No. Excelente atención').label).toBe('positive');
    expect(en('No, the service was great').label).toBe('positive');
  });

  it('reaches only a few words', () => {
    expect(es('no lo sé, pero la atención fue excelente y rápida').label).toBe('positive');
  });
});

describe('sentiment: intensifiers and diminishers', () => {
  it('intensify in Spanish, including Rioplatense "re"', () => {
    expect(es('re caro').score).toBeLessThan(es('caro').score);
    expect(es('muy bueno').score).toBeGreaterThan(es('bueno').score);
    expect(es('súper rápido').score).toBeGreaterThan(es('rápido').score);
  });

  it('diminish in Spanish ("un poco", "medio")', () => {
    expect(es('un poco caro').score).toBeGreaterThan(es('caro').score);
    expect(es('un poco caro').label).toBe('negative');
    expect(es('medio lento').score).toBeGreaterThan(es('lento').score);
  });

  it('intensify and diminish in English', () => {
    expect(en('very slow').score).toBeLessThan(en('slow').score);
    expect(en('so good').score).toBeGreaterThan(en('good').score);
    expect(en('a bit slow').score).toBeGreaterThan(en('slow').score);
  });

  it('treats "bien" as an intensifier before an evaluative word, and as praise alone', () => {
    expect(es('bien caro').label).toBe('negative');
    expect(es('anda bien').label).toBe('positive');
  });
});

describe('sentiment: contrast', () => {
  it('weighs what follows "pero" more', () => {
    expect(es('la atención es buena pero la señal es horrible').label).toBe('negative');
    expect(es('es caro pero anda excelente').label).toBe('positive');
  });

  it('weighs what follows "but" more', () => {
    expect(en('the staff was nice but the service is terrible').label).toBe('negative');
    expect(en('it was expensive but totally worth it, excellent').label).toBe('positive');
  });

  it('weighs the clause "aunque"/"although" opens less', () => {
    expect(es('aunque es caro, la señal es excelente').label).toBe('positive');
    expect(en('although it is slow, the support was excellent').label).toBe('positive');
  });
});

describe('sentiment: emoji, emoticons, elongation, capitals, exclamations', () => {
  it('reads emoji and emoticons in any language', () => {
    expect(es('otra vez 😡').label).toBe('negative');
    expect(en('new phone 😍').label).toBe('positive');
    expect(es('llegó el técnico :)').label).toBe('positive');
    expect(en('flight again :(').label).toBe('negative');
  });

  it('counts an elongated word stronger ("malíiiisimo", "sooo good")', () => {
    expect(es('malíiiisimo').score).toBeLessThan(es('malísimo').score);
    expect(en('goood').label).toBe('positive');
    expect(en('sooo good').score).toBeGreaterThan(en('good').score);
  });

  it('counts a shouted word stronger', () => {
    expect(es('el servicio es PÉSIMO').score).toBeLessThan(es('el servicio es pésimo').score);
    expect(en('the app is TERRIBLE').score).toBeLessThan(en('the app is terrible').score);
  });

  it('pushes the score with exclamation marks', () => {
    expect(es('excelente!!!').score).toBeGreaterThan(es('excelente').score);
  });
});

describe('sentiment: hashtags', () => {
  it('reads a hashtag the lexicon knows whole, and otherwise its words', () => {
    expect(es('#sinservicio').label).toBe('negative');
    expect(es('#SinSeñal en Rosario').label).toBe('negative');
    expect(en('#nothappy').label).toBe('negative');
    expect(en('#GreatService').label).toBe('positive');
  });
});

describe('sentiment: how customers complain', () => {
  it.each([
    'no anda',
    'sin señal desde ayer',
    'me cobraron de más',
    'se cortó la llamada otra vez',
    'no funciona el wifi',
    'una vergüenza',
    'hace 3 días sin internet',
    'no me dan bola en el 0800',
    'me tienen podrido con los cortes',
    'me cobraron $3.800 de más en la última factura',
    'me cobraron 500 pesos de más',
    'siempre te cobran algo de más',
    'me siguen cobrando la línea que di de baja',
    'cobro no reconocido en la factura',
    'me cambiaron el plan sin que lo pida',
    'Cliente reclama cambio de plan no solicitado',
    'todavía no me devolvieron la plata',
  ])('es: "%s" is negative', (text) => expect(es(text).label).toBe('negative'));

  it.each([
    'no signal since yesterday',
    'I was charged twice this month',
    'on hold for 2 hours',
    'my calls keep dropping',
    'still not working',
    'nobody cares',
  ])('en: "%s" is negative', (text) => expect(en(text).label).toBe('negative'));

  it('makes a lasting complaint worse ("desde ayer", "still")', () => {
    expect(es('sin señal desde ayer').score).toBeLessThan(es('sin señal').score);
    expect(en('still no signal').score).toBeLessThan(en('no signal').score);
  });

  it.each([
    'Buenas tardes, me debitaron dos veces la factura de este mes',
    'Buenas, ¿por qué me cobraron de más?',
    'Bien, otra vez me cortaron la llamada',
    'En Almagro la señal es un chiste',
    'Me mandan de la sucursal a la app, una tomada de pelo',
  ])('es: a greeting or "bueno" that opens a complaint does not make it praise: "%s"', (text) => expect(es(text).label).toBe('negative'));

  it.each([
    ['Bueno... Llamé tres veces y cada uno me dice algo distinto', 'neutral'],
    ['Bueno, mañana paso por la sucursal', 'neutral'],
    ['Buen día, quiero dar de baja la línea', 'neutral'],
    ['Buenos días a todos', 'positive'],
    ['Hoy es un buen día', 'positive'],
    ['Hoy no es un buen día para mí', 'negative'],
    ['El servicio es bueno', 'positive'],
    ['Bueno el servicio, la verdad', 'positive'],
    ['Anda bien. Bueno, eso', 'positive'],
    ['Increíble. Me cortaron la llamada tres veces', 'negative'],
    ['Increíble, anda perfecto', 'positive'],
    ['¡Increíble!', 'positive'],
  ])('es: "%s" → %s (an opening "bueno" before a stop or comma says nothing; a greeting counts where nothing blames)', (text, label) =>
    expect(es(text).label).toBe(label),
  );

  it.each([
    ['¿El plan Aurora Joven incluye roaming? ¡Gracias!', 'neutral'],
    ['¿Alguien sabe si llega la fibra a Tandil? 🙏', 'neutral'],
    ['Consulta: ¿cómo paso del prepago al Aurora Max? Muchas gracias', 'neutral'],
    ['¡Gracias por la ayuda!', 'positive'],
    ['Excelente atención, ¿me pasan el mail de facturación? Gracias', 'positive'],
  ])('es: "%s" → %s (thanks in a post that asks are politeness, not praise)', (text, label) => expect(es(text).label).toBe(label));

  it.each([
    'el chat me solucionó el problema al toque',
    'hice Morón - Córdoba y no se cortó nunca. Bien ahí',
    'Gracias, Gonzalo fue re amable y me devolvieron lo que me cobraron de más',
  ])('es: "%s" is positive', (text) =>
    expect(es(text).label).toBe('positive'),
  );

  it('reads a Spanish-speaking place as a place, not as the other language’s word', () => {
    expect(terms('Sin novedad en Morón', 'es').map((t) => t.term)).toEqual([]);
    expect(en('what a moron').label).toBe('negative');
  });

  it('en: thanks in a question are politeness, not praise', () => {
    expect(en('can you check my booking? Thanks').label).toBe('neutral');
    expect(en('Thanks for the quick help!').label).toBe('positive');
  });

  it('en: "Good morning" is friendly, but never softens a complaint', () => {
    expect(en('Good morning, my flight was cancelled and nobody called').label).toBe('negative');
    expect(en('Good morning everyone').label).toBe('positive');
    expect(terms('Good morning, my flight was cancelled', 'en').map((t) => t.term)).not.toContain('good morning');
  });

  it('lets blame outweigh polite praise ("gracias por nada")', () => {
    expect(es('gracias por nada').label).toBe('negative');
    expect(en('thanks for ruining my weekend').label).toBe('negative');
  });
});

describe('sentiment: explain', () => {
  it('lists the terms that moved the result, with their weights', () => {
    const list = terms('re caro y no anda 😡', 'es');
    expect(list.map((t) => t.term)).toEqual(['caro', 'no anda', '😡']);
    expect(list.every((t) => t.weight < 0)).toBe(true);
  });

  it('shows a negated term with its flipped weight', () => {
    const [only] = terms('not good', 'en');
    expect(only.term).toBe('good');
    expect(only.weight).toBeLessThan(0);
  });
});

describe('sentiment: VADER\'s rules on the English path', () => {
  it('orders VADER\'s own ladder of examples the way VADER does', () => {
    const ladder = [
      'VADER is smart, handsome, and funny.',
      'VADER is smart, handsome, and funny!',
      'VADER is very smart, handsome, and funny.',
      'VADER is VERY SMART, handsome, and FUNNY.',
      'VADER is VERY SMART, handsome, and FUNNY!!!',
    ].map((text) => en(text).score);
    for (let i = 1; i < ladder.length; i++) expect(ladder[i], `step ${i}`).toBeGreaterThan(ladder[i - 1]);
    expect(en('VADER is not smart, handsome, nor funny.').label).toBe('negative');
  });

  it('reads "never so" and "never this" as emphasis, not denial', () => {
    expect(en('I have never been so angry in my life').label).toBe('negative');
    expect(en('Never so happy to see my own bed').label).toBe('positive');
    expect(en('never so happy').score).toBeGreaterThan(en('so happy').score);
    // Any other negator two words back still negates.
    expect(en('not so happy').label).toBe('negative');
  });

  it('negates what "least" qualifies, but not "at least" or "the very least"', () => {
    expect(en('the least helpful answer').label).toBe('negative');
    expect(en('at least helpful').label).toBe('positive');
    expect(en('at the very least helpful').label).toBe('positive');
  });

  it('amplifies two or three question marks, and four or more by a fixed amount', () => {
    const one = en('Why is this so terrible?').score;
    const three = en('Why is this so terrible???').score;
    const five = en('Why is this so terrible?????').score;
    expect(three).toBeLessThan(one);
    expect(five).toBeLessThan(three);
    // A question alone says nothing either way.
    expect(en('What time does the game start??').label).toBe('neutral');
  });

  it('counts a "no" with nothing to negate as VADER does ("no word from anyone"), and still negates what it reaches', () => {
    expect(en('been two weeks and no word from anyone').label).toBe('negative');
    expect(en('no problem at all').label).toBe('positive');
    expect(en('no signal').label).toBe('negative');
    expect(en('No, the service was great').label).toBe('positive');
    expect(en('I need help but no one will pick up the phone').label).toBe('negative');
  });

  it('knows VADER\'s idioms, whose valence replaces their words\'', () => {
    expect(en('This new album is the bomb').label).toBe('positive');
    expect(en('yeah right, that will work').label).toBe('negative');
    expect(en('living hand to mouth').label).toBe('negative');
  });

  it('leaves Spanish scoring as it was: the VADER rules are for English only', () => {
    // Spanish keeps its own negation weights: a negated negative word is only mildly positive.
    expect(es('no es malo').score).toBeLessThan(en('not bad').score);
    expect(es('¿por qué es tan malo???').score).toBe(es('¿por qué es tan malo?').score);
  });
});
