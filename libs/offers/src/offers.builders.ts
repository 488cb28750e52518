import type { CustomerFacts } from './customer-facts';
import type { OfferResponse } from './next-best-action';
import type { Offer } from './offer';

/** Test data: a customer with nothing special about them; override what a test is about. */
export const aCustomer = (overrides: Partial<CustomerFacts> = {}): CustomerFacts => ({
  id: 'c-1',
  birthDate: '1980-05-10',
  segment: 'consumer',
  products: ['mobile'],
  value: 500,
  consent: { marketing: true },
  churnRisk: 0.1,
  topics: {},
  intents: {},
  ...overrides,
});

export const anOffer = (overrides: Partial<Offer> = {}): Offer => ({
  id: 'fiber',
  name: 'Fiber 300',
  value: 100,
  rules: [],
  active: true,
  ...overrides,
});

let responses = 0;
export const aResponse = (offerId: string, accepted: boolean, facts: Partial<CustomerFacts> = {}): OfferResponse => {
  responses++;
  return {
    offerId,
    customerId: facts.id ?? `other-${responses}`,
    accepted,
    at: new Date('2026-11-01T12:00:00Z'),
    by: 'agent',
    facts: aCustomer({ id: `other-${responses}`, ...facts }),
  };
};
