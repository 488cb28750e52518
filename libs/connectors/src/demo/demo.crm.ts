import type { CustomerRecord } from '@escucha/identity';
import type { Offer } from '@escucha/offers';
import type { DemoPerson } from './demo.authors';
import { Rng, mixSeed } from './demo.random';
import { PLANS, type Place } from './demo.world';

/** A CRM row of the demo world: every field the import takes is filled. */
export type DemoCustomerRecord = Required<CustomerRecord>;

/** Home fibre, the product the demo's fibre questions ask about. */
export const DEMO_FIBER = 'Hogar Fibra';

/**
 * The share of customers whose CRM record declares their social handle. The rest are found the
 * way real ones are: by name, city and what they write about, or not at all.
 */
const DECLARED_HANDLE_SHARE = 0.35;
const PHONE_SHARE = 0.7;
const FIBER_SHARE = 0.35;
const MARKETING_CONSENT_SHARE = 0.7;
const SOCIAL_PLATFORMS = ['x', 'bluesky', 'mastodon', 'facebook'] as const;

/** Mobile area codes by demo region; Uruguay dials its own country code. */
const AREA_CODES: Record<string, string> = {
  amba: '11',
  'la-plata': '221',
  rosario: '341',
  cordoba: '351',
  cuyo: '261',
  costa: '223',
  'interior-ba': '291',
  noa: '381',
  patagonia: '299',
};

function mobileNumber(rng: Rng, place: Place): string {
  if (place.region === 'uruguay') return `+598 9${rng.between(1, 9)} ${rng.between(100, 999)} ${rng.between(100, 999)}`;
  const area = AREA_CODES[place.region];
  // A region added to the world without its code would otherwise hand out wrong numbers quietly.
  if (area === undefined) throw new Error(`demo CRM: no area code for region ${place.region}`);
  const digits = 10 - area.length;
  // Subscriber numbers of Argentine mobiles start with 2 to 6; written as people do, with the 9 after +54.
  const subscriber = `${rng.between(2, 6)}${String(rng.int(10 ** (digits - 1))).padStart(digits - 1, '0')}`;
  return `+54 9 ${area} ${subscriber.slice(0, digits - 4)}-${subscriber.slice(-4)}`;
}

function birthDate(rng: Rng, segment: string): string {
  const year = segment === 'joven' ? rng.between(2000, 2007) : rng.between(1950, 1999);
  return `${year}-${String(rng.between(1, 12)).padStart(2, '0')}-${String(rng.between(1, 28)).padStart(2, '0')}`;
}

/**
 * Aurora Móvil's CRM: one record per customer among the demo's people, so that with the demo on
 * the Customers page, the profile and the next best action have someone to show. The call-centre,
 * assistant and e-mail records the stream sends carry the same ids. Deterministic for a seed.
 */
export function demoCustomers(people: readonly DemoPerson[], seed: number): DemoCustomerRecord[] {
  return people
    .filter((person) => person.customer)
    .map((person) => {
      const rng = new Rng(mixSeed(seed, 0xc41, person.index));
      const plan = rng.pick(PLANS);
      const segment = plan === 'Aurora Joven' ? 'joven' : rng.chance(0.08) ? 'pyme' : 'consumo';
      const products = rng.chance(FIBER_SHARE) ? [plan, DEMO_FIBER] : [plan];
      const handles: Record<string, string> = {};
      if (rng.chance(DECLARED_HANDLE_SHARE)) handles[rng.pick(SOCIAL_PLATFORMS)] = person.handle;
      return {
        id: person.account,
        name: person.name,
        emails: [person.email],
        phones: rng.chance(PHONE_SHARE) ? [mobileNumber(rng, person.place)] : [],
        handles,
        city: person.place.name,
        segment,
        products,
        // What the customer is worth a year, in pesos: the plan, and more with fibre.
        value: Math.round((rng.between(90, 260) + (products.includes(DEMO_FIBER) ? 180 : 0)) * 1_000),
        birthDate: birthDate(rng, segment),
        consent: { marketing: rng.chance(MARKETING_CONSENT_SHARE) },
        attributes: { demo: true },
      };
    });
}

/**
 * A small catalog for the demo's customers, written only into a catalog that holds no offer of the
 * user's own. In Spanish, as the demo's company names its plans and products: an agent reads them aloud.
 */
export const DEMO_OFFERS: readonly Offer[] = [
  {
    id: 'demo-retention-discount',
    name: '30 % de descuento en el plan por 6 meses',
    description: 'Para clientes que hablan de irse o del precio.',
    value: 120_000,
    rules: [],
    targets: { intents: ['churn'], topics: ['price', 'switching'], retention: true },
    active: true,
  },
  {
    id: 'demo-home-fiber',
    name: DEMO_FIBER,
    description: 'Fibra en el hogar para clientes móviles que todavía no la tienen.',
    value: 180_000,
    rules: [{ kind: 'notOwned', product: DEMO_FIBER }, { kind: 'consent', purpose: 'marketing' }],
    targets: { topics: ['plans', 'coverage'] },
    active: true,
  },
  {
    id: 'demo-upgrade-max',
    name: 'Pase a Aurora Max',
    description: 'Más datos para clientes con un plan más chico.',
    value: 60_000,
    rules: [{ kind: 'notOwned', product: 'Aurora Max' }, { kind: 'consent', purpose: 'marketing' }, { kind: 'segment', in: ['consumo', 'joven'] }],
    targets: { topics: ['plans', 'price'] },
    active: true,
  },
  {
    id: 'demo-coverage-visit',
    name: 'Visita técnica de cobertura sin cargo',
    description: 'Un técnico mide la señal en el domicilio y coloca un repetidor si hace falta.',
    value: 30_000,
    rules: [],
    targets: { topics: ['coverage', 'outage'] },
    active: true,
  },
];
