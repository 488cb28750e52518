import { describe, expect, it } from 'vitest';
import { MalformedRecord } from '@escucha/core';
import { validateCustomerInput } from './customer-input.schema';

const NOW = new Date('2026-03-02T10:00:00Z');

describe('validateCustomerInput', () => {
  it('normalises phones to E.164, emails and handles to lower case', () => {
    const outcome = validateCustomerInput(
      {
        id: 'C1',
        name: 'Ana García',
        emails: ['Ana.Garcia@Mail.com', 'ana.garcia@mail.com'],
        phones: ['011 15-1234-5678'],
        handles: { x: '@Ana_G' },
        city: 'Córdoba',
        products: ['fibra', 'movil', 'fibra'],
        value: 1200.5,
        birthDate: '1990-04-01',
        consent: { marketing: true },
        attributes: { tier: 'gold' },
      },
      'AR',
      NOW,
    );
    expect(outcome).toEqual({
      ok: true,
      customer: {
        id: 'C1',
        name: 'Ana García',
        emails: ['ana.garcia@mail.com'],
        phones: ['+5491112345678'],
        handles: { x: 'ana_g' },
        city: 'Córdoba',
        products: ['fibra', 'movil'],
        value: 1200.5,
        birthDate: '1990-04-01',
        consent: { marketing: true },
        attributes: { tier: 'gold' },
        updatedAt: NOW,
      },
    });
  });

  it('takes the string forms a CSV row has', () => {
    const outcome = validateCustomerInput(
      { id: 'C2', name: 'Bob Smith', emails: 'bob@x.com; BOB@y.com', products: 'tv|fibra', value: '30', consent: { marketing: 'no' } },
      'AR',
      NOW,
    );
    expect(outcome.ok && outcome.customer).toMatchObject({ emails: ['bob@x.com', 'bob@y.com'], products: ['tv', 'fibra'], value: 30, consent: { marketing: false } });
  });

  it('defaults the optional lists and consent, and leaves absent fields absent', () => {
    const outcome = validateCustomerInput({ id: 7, name: 'Solo Nombre' }, 'AR', NOW);
    expect(outcome.ok && outcome.customer).toEqual({
      id: '7',
      name: 'Solo Nombre',
      emails: [],
      phones: [],
      handles: {},
      products: [],
      consent: { marketing: false },
      attributes: {},
      updatedAt: NOW,
    });
  });

  it('names each bad field', () => {
    expect(validateCustomerInput({ name: 'x' }, 'AR', NOW)).toEqual({ ok: false, error: 'id: is required' });
    const bad = validateCustomerInput({ id: 'C3', name: 'x', phones: ['12'], emails: ['nope'] }, 'AR', NOW);
    expect(!bad.ok && bad.error).toMatch(/emails\.0: "nope" is not an email.*phones\.0: "12" is not a valid phone number/);
    const platform = validateCustomerInput({ id: 'C4', name: 'x', handles: { myspace: 'a' } }, 'AR', NOW);
    expect(!platform.ok && platform.error).toMatch(/^handles: .*myspace/);
    expect(validateCustomerInput({ id: 'C5', name: 'x', birthDate: '1990-13-01' }, 'AR', NOW)).toMatchObject({ ok: false, error: expect.stringMatching(/^birthDate/) });
    expect(validateCustomerInput([1], 'AR', NOW)).toEqual({ ok: false, error: 'must be a JSON object' });
    expect(validateCustomerInput(new MalformedRecord('line 3 is not valid JSON'), 'AR', NOW)).toEqual({ ok: false, error: 'line 3 is not valid JSON' });
  });
});
