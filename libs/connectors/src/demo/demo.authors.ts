import type { Lang } from './demo.phrases';
import { Rng, WeightedTable, mixSeed } from './demo.random';
import { demoIdPrefix } from './demo.data';
import {
  ENGLISH_FIRST_NAMES,
  ENGLISH_SURNAMES,
  NICKNAMES,
  PLACES,
  type Place,
  SPANISH_FIRST_NAMES,
  SPANISH_SURNAMES,
} from './demo.world';

/** A synthetic person: the same one posts publicly and, if a customer, calls and writes in. */
export interface DemoPerson {
  index: number;
  /** Author id on the social sources (stable for a seed). */
  id: string;
  handle: string;
  name: string;
  firstName: string;
  lang: Lang;
  followers: number;
  place: Place;
  /** What the profile shows; some people leave it empty, as in real life. */
  location?: string;
  /** An Aurora customer, so also seen on the internal channels under `account`. */
  customer: boolean;
  account: string;
  email: string;
}

export interface PickCriteria {
  lang: Lang;
  region?: string;
  customer?: boolean;
}

const ENGLISH_SHARE = 0.3;
const CUSTOMER_SHARE = 0.65;
/**
 * Who writes how much: a few very heavy posters, a band of regulars, and everyone else.
 * Tiers rather than a smooth power law, because a power law over a few thousand people
 * makes the top one write hundreds of posts a day.
 */
const POSTER_TIERS = [
  { share: 0.03, upTo: 0.005 },
  { share: 0.17, upTo: 0.055 },
] as const;

function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Seven-digit account numbers that look random yet never collide: multiplying by a prime
 * coprime to 9,000,000 is a bijection on [0, 9,000,000).
 */
function accountNumber(seed: number, index: number): string {
  const offset = ((seed % 9_000_000) + 9_000_000) % 9_000_000;
  return `AUR-${1_000_000 + ((index * 48_271 + offset) % 9_000_000)}`;
}

export class AuthorPool {
  readonly people: readonly DemoPerson[];
  private readonly lists = new Map<string, number[]>();

  constructor(seed: number, size: number) {
    const rng = new Rng(mixSeed(seed, 0xa17401));
    const places = new WeightedTable(PLACES.map((p) => [p, p.weight] as const));
    const handles = new Set<string>();
    const people: DemoPerson[] = [];
    for (let index = 0; index < size; index++) {
      const lang: Lang = rng.chance(ENGLISH_SHARE) ? 'en' : 'es';
      // Some English speakers are locals who post in English, so their names are Spanish.
      const spanishName = lang === 'es' || rng.chance(0.2);
      const firstName = rng.pick(spanishName ? SPANISH_FIRST_NAMES : ENGLISH_FIRST_NAMES);
      const surname = rng.pick(spanishName ? SPANISH_SURNAMES : ENGLISH_SURNAMES);
      const place = places.pick(rng);
      const handle = this.uniqueHandle(rng, handles, firstName, surname, place);
      const followers = Math.min(1_500_000, Math.floor(rng.pareto(15, 1.1)));
      people.push({
        index,
        id: `${demoIdPrefix(seed)}u${index}`,
        handle,
        name: `${firstName} ${surname}`,
        firstName,
        lang,
        followers,
        place,
        location: rng.chance(0.8) ? `${place.name}, ${place.area}` : undefined,
        customer: rng.chance(CUSTOMER_SHARE),
        account: accountNumber(seed, index),
        email: `${plain(firstName)}.${plain(surname)}${index}@correo.example`,
      });
    }
    this.people = people;
    for (const person of people) {
      for (const region of [undefined, person.place.region]) {
        for (const customer of person.customer ? [undefined, true] : [undefined]) {
          const key = this.key({ lang: person.lang, region, customer });
          const list = this.lists.get(key) ?? [];
          list.push(person.index);
          this.lists.set(key, list);
        }
      }
    }
  }

  /** Draws a person matching the criteria, widening them when no one matches. */
  pick(rng: Rng, criteria: PickCriteria): DemoPerson {
    const list =
      this.lists.get(this.key(criteria)) ??
      this.lists.get(this.key({ lang: criteria.lang, customer: criteria.customer })) ??
      this.lists.get(this.key({ lang: criteria.lang }));
    if (!list) return this.people[this.posterIndex(rng, this.people.length)];
    return this.people[list[this.posterIndex(rng, list.length)]];
  }

  /** The front of each list holds the heavy posters; lists keep pool order, so they are random people. */
  private posterIndex(rng: Rng, n: number): number {
    const draw = rng.float();
    let cumulative = 0;
    for (const tier of POSTER_TIERS) {
      cumulative += tier.share;
      if (draw < cumulative) return rng.int(Math.max(1, Math.ceil(n * tier.upTo)));
    }
    return rng.int(n);
  }

  private key(criteria: PickCriteria): string {
    return `${criteria.lang}|${criteria.region ?? '*'}|${criteria.customer ? 'c' : '*'}`;
  }

  private uniqueHandle(rng: Rng, taken: Set<string>, firstName: string, surname: string, place: Place): string {
    const first = plain(firstName);
    const last = plain(surname);
    const nick = NICKNAMES[firstName] ?? first;
    const year = String(rng.between(70, 105) % 100).padStart(2, '0');
    const candidates = [
      `${first}${last}`,
      `${first}_${last}`,
      `${first[0]}${last}${year}`,
      `${nick}${last.slice(0, 4)}`,
      `${nick}_${plain(place.name).slice(0, 8)}`,
      `${nick}${year}`,
      `${last}.${first}`,
    ];
    let handle = rng.pick(candidates);
    for (let n = 2; taken.has(handle); n++) handle = `${rng.pick(candidates)}${n}`;
    taken.add(handle);
    return handle;
  }
}
