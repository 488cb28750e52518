import { ValidationError } from '@escucha/core';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from './analyzer';
import { compileEntities, defaultBrands, entityId } from './entities';

describe('entities', () => {
  const analyzer = createAnalyzer();
  const entities = (text: string) => analyzer.analyze({ text }).entities;

  it.each([
    ['@AuroraMovil no anda', ['aurora']],
    ['Aurora Móvil es lo mejor', ['aurora']],
    ['aurora movil y #AuroraMovil', ['aurora']],
    ['me voy a pampa tel', ['pampatel']],
    ['#PampaTel', ['pampatel']],
    ['Vértice tiene mejor señal', ['vertice']],
    ['@VerticeMovil', ['vertice']],
    ['ÑANDÚ NET', ['nandunet']],
    ['nandu net o nandunet', ['nandunet']],
    ['Aurora vs Pampa Tel vs Vértice vs Ñandú Net', ['aurora', 'pampatel', 'vertice', 'nandunet']],
    ['la pampa es linda', []],
  ])('%s → %j', (text, expected) => {
    expect(entities(text)).toEqual(expected);
  });

  it('derives ids from names when none is given', () => {
    expect(entityId({ name: 'Pampa Tel' })).toBe('pampatel');
    expect(entityId({ name: 'Ñandú Net' })).toBe('nandunet');
  });

  it('takes brands from the configuration', () => {
    const custom = createAnalyzer({
      brands: { brand: { name: 'Río Fibra', handles: ['@riofibra'] }, competitors: [{ id: 'cometa', name: 'Cometa', aliases: ['kometa'] }] },
    });
    expect(custom.analyze({ text: 'Río Fibra no anda, me paso a Kometa' }).entities).toEqual(['riofibra', 'cometa']);
    expect(custom.analyze({ text: 'Río Fibra no anda, me paso a Kometa' }).intents).toContain('churn');
    expect(custom.analyze({ text: '@AuroraMovil' }).entities).toEqual([]);
  });

  it('rejects duplicate or malformed ids', () => {
    expect(() => compileEntities({ brand: defaultBrands.brand, competitors: [{ id: 'aurora', name: 'Otra' }] })).toThrow(ValidationError);
    expect(() => compileEntities({ brand: { id: 'Bad Id', name: 'x' }, competitors: [] })).toThrow(/must be lower-case/);
  });
});
