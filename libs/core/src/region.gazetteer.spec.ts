import { describe, expect, it } from 'vitest';
import { regionsInText, regionsOfPost } from './region.gazetteer';

describe('region gazetteer', () => {
  it('finds provinces and main cities in their common spellings', () => {
    expect(regionsInText('sin señal en CABA')).toEqual(['caba']);
    expect(regionsInText('acá en Capital Federal no anda nada')).toEqual(['caba']);
    expect(regionsInText('caída en Córdoba')).toEqual(['cordoba']);
    expect(regionsInText('en cordoba tampoco')).toEqual(['cordoba']);
    expect(regionsInText('Rosario sin datos')).toEqual(['santa-fe']);
    expect(regionsInText('Mendoza y San Miguel de Tucumán sin red')).toEqual(['mendoza', 'tucuman']);
    expect(regionsInText('Tucuman')).toEqual(['tucuman']);
    expect(regionsInText('Nueva Córdoba')).toEqual(['cordoba']);
    expect(regionsInText('viviendo en santiago del estero')).toEqual(['santiago-del-estero']);
  });

  it('reads accents the same whether they come composed or decomposed (NFD, as some clients send them)', () => {
    expect(regionsInText('caída en Co\u0301rdoba')).toEqual(['cordoba']);
    expect(regionsInText('SIN RED EN NEUQUE\u0301N Y TUCUMA\u0301N')).toEqual(['neuquen', 'tucuman']);
    expect(regionsOfPost('no tengo señal', 'Río Cuarto'.normalize('NFD'))).toEqual(['cordoba']);
    // A name that needs a capital ("paraná" is also a river) still finds it after the accent is split off.
    expect(regionsInText('Sin luz en Paraná'.normalize('NFD'))).toEqual(['entre-rios']);
  });

  it('needs capitals for names that are everyday words or surnames in running text', () => {
    expect(regionsInText('la señal salta todo el tiempo')).toEqual([]);
    expect(regionsInText('Hablé con rosario del call center')).toEqual([]);
    expect(regionsInText('me cobraron de más, capital e intereses')).toEqual([]);
    expect(regionsInText('Salta capital sin señal')).toEqual(['salta']);
  });

  it('reads a profile location most-specific first, and "Bs As" as the city', () => {
    expect(regionsOfPost('no tengo señal', 'Quilmes, Buenos Aires')).toEqual(['buenos-aires']);
    expect(regionsOfPost('no tengo señal', 'Palermo, CABA')).toEqual(['caba']);
    expect(regionsOfPost('no tengo señal', 'Bs As')).toEqual(['caba']);
    expect(regionsOfPost('no tengo señal', 'rosario')).toEqual(['santa-fe']);
    expect(regionsOfPost('no tengo señal', 'somewhere on Earth')).toEqual([]);
  });

  it('prefers the places a post names over where its author lives', () => {
    expect(regionsOfPost('sin señal en Mendoza', 'Palermo, CABA')).toEqual(['mendoza']);
  });
});
