import { describe, expect, it } from 'vitest';
import type { Customer } from '@escucha/core';
import { CustomerIndex } from './customer.index';
import { DEFAULT_MATCH_OPTIONS, MAX_SUGGESTIONS, matchAuthor, type AuthorProfile } from './matcher';

const AT = new Date('2026-03-02T00:00:00Z');
const customer = (overrides: Partial<Customer> & { id: string; name: string }): Customer => ({
  emails: [],
  phones: [],
  handles: {},
  products: [],
  consent: { marketing: false },
  attributes: {},
  updatedAt: AT,
  ...overrides,
});
const author = (overrides: Partial<AuthorProfile>): AuthorProfile => ({ key: 'x:1', platform: 'x', handle: 'someone123', texts: [], ...overrides });

function indexOf(...customers: Customer[]): CustomerIndex {
  const index = new CustomerIndex();
  index.put(customers);
  return index;
}

describe('matchAuthor', () => {
  const jose = customer({ id: 'C1', name: 'José García López', city: 'Córdoba', products: ['fibra'], emails: ['familia.garcia@mail.com'], phones: ['+5493511234567'], handles: { x: 'pepe_g' } });
  const maria = customer({ id: 'C2', name: 'María García', city: 'Córdoba', emails: ['familia.garcia@mail.com'] });

  it('links a declared handle exactly, on its platform only', () => {
    const index = indexOf(jose, maria);
    expect(matchAuthor(author({ handle: '@Pepe_G' }), index, DEFAULT_MATCH_OPTIONS)).toEqual([
      { customerId: 'C1', method: 'handle', confidence: 1, status: 'linked', reasons: ['handle'] },
    ]);
    expect(matchAuthor(author({ platform: 'mastodon', key: 'mastodon:1', handle: 'pepe_g' }), index, DEFAULT_MATCH_OPTIONS)).toEqual([]);
  });

  it('links a phone in the bio exactly, written the local way', () => {
    const decisions = matchAuthor(author({ bio: 'WhatsApp 0351 15-123-4567' }), indexOf(jose, maria), DEFAULT_MATCH_OPTIONS);
    expect(decisions).toEqual([{ customerId: 'C1', method: 'phone', confidence: 1, status: 'linked', reasons: ['phone'] }]);
  });

  it('makes a family email a suggestion for each customer who shares it, the better name first', () => {
    const decisions = matchAuthor(author({ name: 'Mari García', bio: 'familia.garcia@mail.com' }), indexOf(jose, maria), DEFAULT_MATCH_OPTIONS);
    expect(decisions.map((d) => [d.customerId, d.method, d.status])).toEqual([
      ['C2', 'email', 'suggested'],
      ['C1', 'email', 'suggested'],
    ]);
    expect(decisions[0].confidence).toBeGreaterThan(decisions[1].confidence);
  });

  it('links a nickname with a slip when the city and the products agree too', () => {
    const decisions = matchAuthor(
      author({ name: 'Pepe Garcia Lopez', location: 'Córdoba, Argentina', texts: ['otra vez sin fibra'] }),
      indexOf(jose, maria),
      DEFAULT_MATCH_OPTIONS,
    );
    expect(decisions[0]).toMatchObject({ customerId: 'C1', method: 'fuzzy', status: 'linked' });
    expect(decisions[0].reasons).toEqual(expect.arrayContaining(['nickname', 'surname', 'city', 'products']));
  });

  it('never links on a name alone, and a namesake in another city is not even a suggestion', () => {
    const alone = matchAuthor(author({ name: 'José García López' }), indexOf(jose), DEFAULT_MATCH_OPTIONS);
    expect(alone.every((d) => d.status === 'suggested')).toBe(true);
    const elsewhere = matchAuthor(author({ name: 'José García', location: 'Rosario', texts: ['la fibra'] }), indexOf(jose), DEFAULT_MATCH_OPTIONS);
    expect(elsewhere).toEqual([]);
  });

  it('links nobody when two customers agree equally well', () => {
    const twin = customer({ id: 'C9', name: 'José García López', city: 'Córdoba', products: ['fibra'] });
    const decisions = matchAuthor(
      author({ name: 'José García López', location: 'Córdoba', handle: 'jgarcia', texts: ['la fibra'] }),
      indexOf(jose, twin),
      DEFAULT_MATCH_OPTIONS,
    );
    expect(decisions.map((d) => d.status)).toEqual(['suggested', 'suggested']);
  });

  it('finds nothing for an author with no name and no contacts', () => {
    expect(matchAuthor(author({}), indexOf(jose, maria), DEFAULT_MATCH_OPTIONS)).toEqual([]);
  });

  it('suggests at most MAX_SUGGESTIONS customers, the best first, however many namesakes agree', () => {
    const namesakes = Array.from({ length: 12 }, (_, i) => customer({ id: `N${String(i).padStart(2, '0')}`, name: 'José García López', city: 'Córdoba', emails: ['casa.garcia@mail.com'] }));
    // The one who has the product the author writes about is the best of them.
    const withProduct = customer({ id: 'N99', name: 'José García López', city: 'Córdoba', products: ['fibra'], emails: ['casa.garcia@mail.com'] });
    const index = indexOf(...namesakes, withProduct);
    const fuzzy = matchAuthor(author({ name: 'José García López', location: 'Córdoba', texts: ['sin fibra otra vez'] }), index, DEFAULT_MATCH_OPTIONS);
    expect(fuzzy).toHaveLength(MAX_SUGGESTIONS);
    expect(fuzzy.map((d) => d.customerId)).toEqual(['N99', 'N00', 'N01', 'N02', 'N03']);
    expect(fuzzy.every((d) => d.method === 'fuzzy' && d.status === 'suggested')).toBe(true);
    expect(fuzzy[0].confidence).toBeGreaterThan(fuzzy[1].confidence);
    // A key the whole family shares is capped the same way.
    const shared = matchAuthor(author({ name: 'José García López', bio: 'casa.garcia@mail.com', texts: ['sin fibra otra vez'] }), index, DEFAULT_MATCH_OPTIONS);
    expect(shared.map((d) => [d.customerId, d.method])).toEqual([['N99', 'email'], ['N00', 'email'], ['N01', 'email'], ['N02', 'email'], ['N03', 'email']]);
  });
});
