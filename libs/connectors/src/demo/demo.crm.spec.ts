import { INTERNAL_SOURCES, type Customer } from '@escucha/core';
import { CustomerIndex, collectAuthor, matchAuthor, validateCustomerInput, type AuthorProfile } from '@escucha/identity';
import { checkEligibility, checkOffer, type CustomerFacts } from '@escucha/offers';
import { describe, expect, it } from 'vitest';
import { DEMO_OFFERS, demoCustomers } from './demo.crm';
import { DemoGenerator } from './demo.generator';

const SEED = 31;
const NOW = new Date('2026-11-30T12:00:00Z');
const generator = new DemoGenerator({ seed: SEED, authors: 1_500 });
const records = demoCustomers(generator.people, SEED);
const customers: Customer[] = records.map((record) => {
  const outcome = validateCustomerInput(record, 'AR', NOW);
  if (!outcome.ok) throw new Error(`${record.id}: ${outcome.error}`);
  return outcome.customer;
});
const posts = generator.generate(new Date('2026-11-23T03:00:00Z'), new Date('2026-11-25T03:00:00Z'));
const isInternal = (source: string) => (INTERNAL_SOURCES as readonly string[]).includes(source);

describe('the demo CRM', () => {
  it('holds every customer among the demo people once, each a record the customer import takes', () => {
    const expected = generator.people.filter((person) => person.customer);
    expect(expected.length).toBeGreaterThan(500);
    expect(customers.map((customer) => customer.id)).toEqual(expected.map((person) => person.account));
    expect(new Set(customers.map((customer) => customer.id)).size).toBe(customers.length);
    // Phones are written as people do and come out in E.164: the import read them all.
    const withPhone = customers.filter((customer) => customer.phones.length > 0);
    expect(withPhone.length / customers.length).toBeGreaterThan(0.6);
    expect(withPhone.every((customer) => /^\+(549|598)\d{8,10}$/.test(customer.phones[0]))).toBe(true);
  });

  it('is the same CRM for the same seed, and another for another seed', () => {
    expect(demoCustomers(generator.people, SEED)).toEqual(records);
    const other = new DemoGenerator({ seed: SEED + 1, authors: 1_500 });
    expect(demoCustomers(other.people, SEED + 1).map((record) => record.id)).not.toEqual(records.map((record) => record.id));
  });

  it('is who the company channels\' records name, and no social post names anyone', () => {
    const ids = new Set(customers.map((customer) => customer.id));
    const internal = posts.filter((post) => isInternal(post.source) && post.source !== 'forum');
    expect(internal.length).toBeGreaterThan(100);
    expect(internal.every((post) => post.customerId !== undefined && ids.has(post.customerId) && post.author.id === post.customerId)).toBe(true);
    expect(posts.filter((post) => !isInternal(post.source)).some((post) => post.customerId !== undefined)).toBe(false);
  });

  it('lets the matcher find social authors the ways it finds real ones, and rarely the wrong person', () => {
    const index = new CustomerIndex();
    index.put(customers);
    const people = new Map(generator.people.map((person) => [person.id, person]));
    const authors = new Map<string, AuthorProfile>();
    // Social authors only: the truth below knows who each of them is.
    for (const post of posts) if (!isInternal(post.source)) collectAuthor(authors, post);
    const linked = { handle: 0, fuzzy: 0, wrong: 0 };
    for (const author of authors.values()) {
      const link = matchAuthor(author, index, { linkAt: 0.9, suggestAt: 0.5, region: 'AR' }).find((decision) => decision.status === 'linked');
      if (!link) continue;
      const person = people.get(author.key.slice(author.key.indexOf(':') + 1))!;
      if (link.customerId !== (person.customer ? person.account : undefined)) linked.wrong++;
      else if (link.method === 'handle') linked.handle++;
      else linked.fuzzy++;
    }
    // Some declare their handle, more are found by name, city and what they write about.
    expect(linked.handle).toBeGreaterThan(50);
    expect(linked.fuzzy).toBeGreaterThan(linked.handle);
    // People share names in the demo as in life; a wrong automatic link stays rare.
    expect(linked.wrong / (linked.handle + linked.fuzzy + linked.wrong)).toBeLessThan(0.03);
  });

  it('comes with a catalog the offers API would accept, and each offer suits someone in it', () => {
    for (const offer of DEMO_OFFERS) expect(() => checkOffer(offer, offer.id)).not.toThrow();
    const facts: CustomerFacts[] = customers.map((customer) => ({
      id: customer.id,
      birthDate: customer.birthDate,
      segment: customer.segment,
      products: customer.products,
      value: customer.value,
      consent: customer.consent,
      churnRisk: 0,
      topics: {},
      intents: {},
    }));
    for (const offer of DEMO_OFFERS) {
      const eligible = facts.filter((customer) => checkEligibility(offer, customer, NOW).eligible).length;
      expect(eligible, offer.id).toBeGreaterThan(0);
      if (offer.rules.length > 0) expect(eligible, offer.id).toBeLessThan(facts.length);
    }
  });
});
