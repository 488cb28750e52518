import { ValidationError } from '@escucha/core';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from './analyzer';
import { bankingTaxonomy, defaultTaxonomy, parseTaxonomy, TaxonomyError } from './taxonomy';

function rejection(json: unknown): TaxonomyError {
  try {
    parseTaxonomy(json);
  } catch (error) {
    if (error instanceof TaxonomyError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('parseTaxonomy', () => {
  it('accepts per-language queries and a single query for every language', () => {
    const t = parseTaxonomy({
      id: 'mine',
      version: 3,
      groups: [
        { id: 'billing', label: { es: 'Facturación' }, query: { es: 'factur*', en: 'bill*' } },
        { id: 'brand', query: 'aurora' },
      ],
    });
    expect(t.version).toBe(3);
    expect(t.groups[0].query).toEqual({ es: 'factur*', en: 'bill*' });
    expect(t.groups[1].query).toEqual({ '*': 'aurora' });
  });

  it('names the group, the query language and the position of a bad query', () => {
    const error = rejection({ groups: [{ id: 'ok', query: 'a1' }, { id: 'billing', query: { es: 'factura AND (cobro' } }] });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.group).toBe('billing');
    expect(error.lang).toBe('es');
    expect(error.position).toBe(13);
    expect(error.message).toContain('group "billing"');
    expect(error.message).toContain('query "es"');
    expect(error.message).toContain('position 13');
  });

  it.each([
    [null, 'must be a JSON object'],
    [{ groups: 'x' }, '"groups" must be an array'],
    [{ groups: [{ id: 'Bad Id', query: 'x1' }] }, 'groups[0].id'],
    [{ groups: [{ id: 'a', query: 'x1' }, { id: 'a', query: 'y1' }] }, 'appears twice'],
    [{ groups: [{ id: 'a' }] }, 'needs "query"'],
    [{ groups: [{ id: 'a', query: { spanish: 'x1' } }] }, 'must be a language code'],
    [{ version: 0, groups: [] }, '"version" must be a positive integer'],
  ])('rejects %j', (json, message) => {
    expect(rejection(json).message).toContain(message);
  });
});

describe('default telecom taxonomy', () => {
  it('has the expected groups, each with Spanish and English queries', () => {
    expect(defaultTaxonomy.groups.map((g) => g.id)).toEqual([
      'outage',
      'billing',
      'plans',
      'coverage',
      'customer_service',
      'switching',
      'price',
    ]);
    for (const group of defaultTaxonomy.groups) expect(Object.keys(group.query).sort()).toEqual(['en', 'es']);
  });

  const analyzer = createAnalyzer();
  const topics = (text: string, lang?: string) => analyzer.analyze({ text, lang }).topics;

  it.each([
    ['Sin servicio en todo Palermo', 'outage'],
    ['me llegó la FACTURACION con un cargo extra', 'billing'],
    ['quiero cambiar de plan, el de 10 gigas', 'plans'],
    ['no hay cobertura en la ruta', 'coverage'],
    ['pésima la atención al cliente', 'customer_service'],
    ['pedí la portabilidad', 'switching'],
    ['el precio subió otra vez', 'price'],
    ['Network down in Austin, no service', 'outage'],
    ['I was billed twice', 'billing'],
    ['what data plan do you recommend', 'plans'],
    ['zero signal at home', 'coverage'],
    ['customer service kept me on hold', 'customer_service'],
    ['switching to another carrier', 'switching'],
    ['way too expensive', 'price'],
  ])('%s → %s', (text, topic) => {
    expect(topics(text)).toContain(topic);
  });

  it('finds nothing in unrelated chatter', () => {
    expect(topics('qué lindo día para ir a la plaza')).toEqual([]);
    expect(topics('see you at the game tonight')).toEqual([]);
  });
});

describe('topics per language', () => {
  const taxonomy = parseTaxonomy({
    groups: [
      { id: 'bill', query: { es: 'factura', en: 'bill' } },
      { id: 'brand', query: 'aurora' },
      { id: 'es_only', query: { es: 'recibo' } },
    ],
  });
  const analyzer = createAnalyzer({ taxonomy });

  it("uses the query of the post's language", () => {
    expect(analyzer.analyze({ text: 'factura bill', lang: 'es' }).topics).toEqual(['bill']);
    expect(analyzer.analyze({ text: 'the bill', lang: 'en' }).topics).toEqual(['bill']);
    expect(analyzer.analyze({ text: 'the factura', lang: 'en' }).topics).toEqual([]);
  });

  it('applies "*" queries to every language, and a group with no query for the language falls back to all', () => {
    expect(analyzer.analyze({ text: 'aurora', lang: 'en' }).topics).toEqual(['brand']);
    expect(analyzer.analyze({ text: 'my recibo', lang: 'en' }).topics).toEqual(['es_only']);
  });

  it('validates a hand-built taxonomy handed to createAnalyzer', () => {
    expect(() => createAnalyzer({ taxonomy: { id: 'x', version: 1, groups: [{ id: 'g', query: { es: 'a1 OR' } }] } })).toThrow(
      /group "g", query "es": expected .* at position 6/,
    );
  });
});

describe('banking taxonomy', () => {
  it('has cards, transfers, app, fees, fraud and branches, each in Spanish and English with labels', () => {
    expect(bankingTaxonomy.id).toBe('banking');
    expect(bankingTaxonomy.groups.map((g) => g.id)).toEqual(['cards', 'transfers', 'app', 'fees', 'fraud', 'branches']);
    for (const group of bankingTaxonomy.groups) {
      expect(Object.keys(group.query).sort()).toEqual(['en', 'es']);
      expect(Object.keys(group.label ?? {}).sort()).toEqual(['en', 'es']);
    }
  });

  it('is not the default', () => {
    expect(createAnalyzer().describe().taxonomy.id).toBe('telecom');
  });

  const analyzer = createAnalyzer({ taxonomy: bankingTaxonomy });
  const topics = (text: string, lang?: string) => analyzer.analyze({ text, lang }).topics;

  it.each([
    ['no me anda la app del banco', ['app']],
    ['me cobraron una comisión por mantenimiento', ['fees']],
    ['transferencia que no llegó', ['transfers']],
    ['me clonaron la tarjeta', ['cards', 'fraud']],
    ['la sucursal de Palermo siempre cerrada', ['branches']],
    ['hace 3 días que la plata que mandé no se acredita', ['transfers']],
    ['me rechazaron la compra en el súper', ['cards']],
    ['el home banking caído otra vez', ['app']],
    ['comisiones por todo, cargos que nadie explica', ['fees']],
    ['compras que no hice en el resumen, no reconozco nada', ['fraud']],
    ['una hora de fila en el banco', ['branches']],
    ['card declined at the store', ['cards']],
    ['wire transfer pending for days', ['transfers']],
    ['the app keeps crashing when I log in', ['app']],
    ['another overdraft fee, seriously', ['fees']],
    ['someone stole my identity, fraudulent charges everywhere', ['fees', 'fraud']],
    ['the branch closed early and the ATM is out of cash', ['branches']],
  ])('%s → %j', (text, expected) => {
    expect(topics(text)).toEqual(expected);
  });

  it('finds nothing in unrelated chatter', () => {
    expect(topics('qué lindo día para ir a la plaza', 'es')).toEqual([]);
    expect(topics('see you at the game tonight', 'en')).toEqual([]);
    expect(topics('estoy a cargo del asado', 'es')).toEqual([]);
    expect(topics('not interested, thanks', 'en')).toEqual([]);
  });
});

describe('topics are matched on stems of the query language', () => {
  const taxonomy = parseTaxonomy({
    groups: [
      { id: 'bill', query: { es: 'factura', en: 'bill' } },
      { id: 'plan', query: 'plan' },
    ],
  });
  const analyzer = createAnalyzer({ taxonomy });

  it('matches plurals and -ing forms in the post language', () => {
    expect(analyzer.analyze({ text: 'dos facturas', lang: 'es' }).topics).toEqual(['bill']);
    expect(analyzer.analyze({ text: 'my bills and the billing', lang: 'en' }).topics).toEqual(['bill']);
  });

  it('reads "*" queries with the rules of the post language', () => {
    expect(analyzer.analyze({ text: 'los planes nuevos', lang: 'es' }).topics).toEqual(['plan']);
    expect(analyzer.analyze({ text: 'new plans', lang: 'en' }).topics).toEqual(['plan']);
    expect(analyzer.analyze({ text: 'sitting on the plane', lang: 'en' }).topics).toEqual([]);
  });
});
