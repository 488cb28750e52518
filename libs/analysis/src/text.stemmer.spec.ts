import { describe, expect, it } from 'vitest';
import { foldText } from './text.normalizer';
import { stemEnglish, stemmerFor, stemSpanish, type Stemmer } from './text.stemmer';

const same = (stem: Stemmer, a: string, b: string) => stem(foldText(a)) === stem(foldText(b));

describe('Spanish stems', () => {
  it.each([
    ['factura', 'facturas'],
    ['cobro', 'cobros'],
    ['cliente', 'clientes'],
    ['corte', 'cortes'],
    ['señal', 'señales'],
    ['comisión', 'comisiones'],
    ['sucursal', 'sucursales'],
    ['celular', 'celulares'],
    ['red', 'redes'],
    ['ley', 'leyes'],
    ['mes', 'meses'],
    ['interés', 'intereses'],
    ['país', 'países'],
    ['luz', 'luces'],
    ['balance', 'balances'],
    ['calle', 'calles'],
    ['app', 'apps'],
    ['caído', 'caída'],
    ['caído', 'caídas'],
    ['cobrado', 'cobradas'],
    ['llamado', 'llamada'],
  ])('%s meets %s', (a, b) => {
    expect(same(stemSpanish, a, b)).toBe(true);
  });

  it.each([
    // -o/-a pairs that are different words are never merged.
    ['cuento', 'cuenta'],
    ['caro', 'cara'],
    ['corto', 'corta'],
    ['puerto', 'puerta'],
    ['cobro', 'cobra'],
    // Verb endings are left alone: lugar is no "lugo", cobrar no "cobro".
    ['cobrar', 'cobro'],
    ['cobraron', 'cobro'],
    // Short words keep their -s: dios is not dio, más is not ma.
    ['dios', 'dio'],
    ['mas', 'ma'],
    ['tres', 'tre'],
    // Words that only share a beginning.
    ['factura', 'facturación'],
    ['nada', 'nado'],
  ])('%s does not meet %s', (a, b) => {
    expect(same(stemSpanish, a, b)).toBe(false);
  });
});

describe('English stems', () => {
  it.each([
    ['bill', 'bills'],
    ['bill', 'billing'],
    ['bill', 'billed'],
    ['outage', 'outages'],
    ['fee', 'fees'],
    ['charge', 'charges'],
    ['charge', 'charged'],
    ['charge', 'charging'],
    ['company', 'companies'],
    ['branch', 'branches'],
    ['tax', 'taxes'],
    ['pass', 'passes'],
    ['drop', 'dropped'],
    ['drop', 'dropping'],
    ['hope', 'hoping'],
    ['price', 'pricing'],
    ['decline', 'declined'],
    ['deny', 'denied'],
    ['transfer', 'transferred'],
    ['meeting', 'meetings'],
    ['crash', 'crashes'],
    ['atm', 'atms'],
    ['tie', 'ties'],
  ])('%s meets %s', (a, b) => {
    expect(same(stemEnglish, a, b)).toBe(true);
  });

  it.each([
    ['news', 'new'],
    ['evening', 'even'],
    ['thing', 'th'],
    ['this', 'thi'],
    ['gas', 'ga'],
    ['status', 'statu'],
    ['business', 'busines'],
    ['need', 'ne'],
    ['add', 'ad'],
    ['plane', 'plan'],
    ['note', 'not'],
    ['bank', 'banker'],
  ])('%s does not meet %s', (a, b) => {
    expect(same(stemEnglish, a, b)).toBe(false);
  });
});

describe('stemmerFor', () => {
  it('has rules for Spanish and English only', () => {
    expect(stemmerFor('es')).toBe(stemSpanish);
    expect(stemmerFor('en')).toBe(stemEnglish);
    expect(stemmerFor('pt')).toBeUndefined();
    expect(stemmerFor('toString')).toBeUndefined();
  });
});
