import { describe, expect, it } from 'vitest';
import type { Customer } from '@escucha/core';
import { CustomerIndex } from './customer.index';

const base = { emails: [], phones: [], handles: {}, products: [], consent: { marketing: false }, attributes: {}, updatedAt: new Date(0) };

describe('CustomerIndex', () => {
  it('finds customers by contact keys and name blocks, and forgets replaced keys', () => {
    const index = new CustomerIndex();
    const ana: Customer = { ...base, id: 'C1', name: 'Ana Pérez', emails: ['ana@x.com'], phones: ['+5491112345678'], handles: { x: 'ana_p' } };
    index.put([ana]);
    expect(index.byEmail('ANA@x.com')).toEqual(['C1']);
    expect(index.byPhone('+541112345678')).toEqual(['C1']);
    expect(index.byHandle('x', 'Ana_P')).toEqual(['C1']);
    expect(index.nameCandidates('Anita Perez')).toEqual(['C1']);
    expect(index.nameCandidates('Ana')).toEqual([]);
    expect([index.hasNameCandidates('Anita Perez'), index.hasNameCandidates('Ana'), index.hasNameCandidates('Juan Gómez')]).toEqual([true, false, false]);
    index.put([{ ...ana, emails: ['ana@y.com'] }]);
    expect(index.byEmail('ana@x.com')).toEqual([]);
    expect(index.byEmail('ana@y.com')).toEqual(['C1']);
    expect(index.size).toBe(1);
    index.remove('C1');
    expect(index.size).toBe(0);
    expect(index.nameCandidates('Ana Pérez')).toEqual([]);
    expect(index.hasNameCandidates('Ana Pérez')).toBe(false);
  });

  it('finds a name through the block a slip or an initial leaves intact', () => {
    const index = new CustomerIndex();
    index.put([{ ...base, id: 'C1', name: 'Ana Pérez' }]);
    for (const written of ['Anita Perez', 'Ana Pérex', 'Ana Bérez', 'Anna Pérez', 'A. Pérez', 'Ana López Pérez']) {
      expect(index.nameCandidates(written), written).toEqual(['C1']);
    }
  });

  it('offers only customers of about the same name, not all who share a surname\'s first letters or a first name', () => {
    const index = new CustomerIndex();
    index.put([
      { ...base, id: 'C1', name: 'Ana Pérez' },
      { ...base, id: 'C2', name: 'Juan Pereyra' },
      { ...base, id: 'C3', name: 'Ana Pardo' },
      { ...base, id: 'C4', name: 'Ana Gómez Pérez' },
    ]);
    expect(index.nameCandidates('Ana Pérez').sort()).toEqual(['C1', 'C4']);
    expect(index.nameCandidates('Juan Perez')).toEqual(['C2']);
  });

  it('keeps a key two customers share (a family email) for the one left when the other goes', () => {
    const index = new CustomerIndex();
    index.put([
      { ...base, id: 'C1', name: 'Ana Pérez', emails: ['casa@x.com'] },
      { ...base, id: 'C2', name: 'Juan Pérez', emails: ['casa@x.com'] },
    ]);
    expect(index.byEmail('casa@x.com').sort()).toEqual(['C1', 'C2']);
    index.remove('C1');
    expect(index.byEmail('casa@x.com')).toEqual(['C2']);
    index.put([{ ...base, id: 'C3', name: 'Eva Pérez', emails: ['casa@x.com'] }]);
    expect(index.byEmail('casa@x.com').sort()).toEqual(['C2', 'C3']);
    index.remove('C2');
    index.remove('C3');
    expect(index.byEmail('casa@x.com')).toEqual([]);
  });

  it('holds a name once for all namesakes, however written, and lets it go with the last of them', () => {
    const index = new CustomerIndex();
    index.put([
      { ...base, id: 'C1', name: 'María García', city: 'Córdoba', products: ['Fibra 300'] },
      { ...base, id: 'C2', name: 'MARIA GARCIA', city: 'cordoba', products: ['fibra 300'] },
    ]);
    const [one, two] = [index.get('C1')!, index.get('C2')!];
    expect(one.name).toBe(two.name);
    expect(one.name).toEqual({ first: 'maria', surnames: ['garcia'] });
    expect([one.city, one.products]).toEqual([two.city, two.products]);
    index.remove('C1');
    index.remove('C2');
    index.put([{ ...base, id: 'C3', name: 'María García' }]);
    expect(index.get('C3')!.name).not.toBe(one.name);
    expect(index.nameCandidates('Mari Garcia')).toEqual(['C3']);
  });

  it('groups namesakes under their name, and keeps a shared block for the names left', () => {
    const index = new CustomerIndex();
    index.put([
      { ...base, id: 'C1', name: 'Ana Pérez', city: 'Córdoba' },
      { ...base, id: 'C2', name: 'ANA PEREZ', city: 'Rosario' },
      { ...base, id: 'C3', name: 'Ana Pereyra' },
    ]);
    const near = (name: string) => index.namesNear(name).map((held) => [[held.parts.first, ...held.parts.surnames].join(' '), held.customers.map((c) => c.id).sort()]);
    // "ana:per" is one block of both names; the namesakes come once, under their one name.
    expect(near('Ana Perez').sort()).toEqual([
      ['ana pereyra', ['C3']],
      ['ana perez', ['C1', 'C2']],
    ]);
    index.remove('C1');
    expect(near('Ana Perez').sort()).toEqual([
      ['ana pereyra', ['C3']],
      ['ana perez', ['C2']],
    ]);
    index.remove('C2');
    expect(near('Ana Perez')).toEqual([['ana pereyra', ['C3']]]);
    expect(index.hasNameCandidates('A. Perez')).toBe(false);
    index.remove('C3');
    expect([index.namesNear('Ana Pereyra'), index.hasNameCandidates('Ana Pereyra')]).toEqual([[], false]);
    // Put again under a new name: the old name lets the customer go.
    index.put([{ ...base, id: 'C3', name: 'Ana Pereyra' }]);
    index.put([{ ...base, id: 'C3', name: 'Eva Pereyra' }]);
    expect([index.nameCandidates('Ana Pereyra'), index.nameCandidates('Eva Pereyra')]).toEqual([[], ['C3']]);
  });
});
