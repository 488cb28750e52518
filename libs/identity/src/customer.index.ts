import type { Customer } from '@escucha/core';
import { phoneKey } from './contacts';
import { canonicalFirstNames, words } from './names';

/** What the matcher needs of a customer, folded once when the customer is indexed. */
export interface MatchProfile {
  id: string;
  first: string;
  surnames: string[];
  city?: string;
  products: string[];
  emails: string[];
  phoneKeys: string[];
  handles: Readonly<Record<string, string>>;
}

/**
 * Every customer's contact keys and name blocks, in memory, so a post whose author matches
 * nobody costs a few map lookups and no store round trip. Name blocks pair the first name with
 * a surname (see `nameKeys`), so the candidates of an author are the customers of about the
 * same name, not everyone who shares a surname's first letters.
 */
export class CustomerIndex {
  private readonly profiles = new Map<string, MatchProfile>();
  private readonly keys = new Map<string, Set<string>>();

  get size(): number {
    return this.profiles.size;
  }

  put(customers: readonly Customer[]): void {
    for (const customer of customers) {
      this.remove(customer.id);
      const profile = toMatchProfile(customer);
      this.profiles.set(profile.id, profile);
      for (const key of indexKeys(profile)) {
        let ids = this.keys.get(key);
        if (!ids) this.keys.set(key, (ids = new Set()));
        ids.add(profile.id);
      }
    }
  }

  remove(id: string): void {
    const existing = this.profiles.get(id);
    if (!existing) return;
    for (const key of indexKeys(existing)) {
      const ids = this.keys.get(key);
      ids?.delete(id);
      if (ids?.size === 0) this.keys.delete(key);
    }
    this.profiles.delete(id);
  }

  clear(): void {
    this.profiles.clear();
    this.keys.clear();
  }

  get(id: string): MatchProfile | undefined {
    return this.profiles.get(id);
  }

  byHandle(platform: string, handle: string): string[] {
    return this.lookup(`h:${platform}:${handle.toLowerCase()}`);
  }

  byEmail(email: string): string[] {
    return this.lookup(`e:${email.toLowerCase()}`);
  }

  byPhone(e164: string): string[] {
    return this.lookup(`p:${phoneKey(e164)}`);
  }

  /** Customers whose name shares a block with `name`: the candidates a fuzzy match may consider. */
  nameCandidates(name: string | undefined): string[] {
    const [first, ...surnames] = words(name);
    if (!first || surnames.length === 0) return [];
    const found = new Set<string>();
    for (const key of nameKeys(first, surnames)) for (const id of this.keys.get(key) ?? []) found.add(id);
    return [...found];
  }

  private lookup(key: string): string[] {
    const ids = this.keys.get(key);
    return ids ? [...ids] : [];
  }
}

export function toMatchProfile(customer: Customer): MatchProfile {
  const [first = '', ...surnames] = words(customer.name);
  const profile: MatchProfile = {
    id: customer.id,
    first,
    surnames,
    products: customer.products.map((p) => words(p).join(' ')).filter((p) => p !== ''),
    emails: customer.emails,
    phoneKeys: customer.phones.map(phoneKey),
    handles: customer.handles,
  };
  const city = words(customer.city).join(' ');
  if (city !== '') profile.city = city;
  return profile;
}

function indexKeys(profile: MatchProfile): string[] {
  const keys = [
    ...profile.emails.map((e) => `e:${e}`),
    ...profile.phoneKeys.map((p) => `p:${p}`),
    ...Object.entries(profile.handles).map(([platform, handle]) => `h:${platform}:${handle}`),
  ];
  if (profile.first && profile.surnames.length > 0) keys.push(...nameKeys(profile.first, profile.surnames));
  return keys;
}

/**
 * A fuzzy match needs the first name and a surname to agree (see `score`), so each block pairs
 * the two. Blocks on little of a name (a surname's first three letters, a first name with a
 * surname's initial) grow with the CRM: every author of a common name was scored against
 * thousands of customers. The blocks: the first name as written or through a nickname, with
 * each surname's first three letters or its last three (a slip at either end of the surname);
 * and the first initial with the whole surname (a slip in the first name, or an initial). Only
 * a slip in both parts is left out: it can at most be a weak suggestion.
 */
function nameKeys(first: string, surnames: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const surname of surnames) {
    for (const canonical of canonicalFirstNames(first)) {
      keys.add(`f:${canonical}:${surname.slice(0, 3)}`);
      if (surname.length >= 4) keys.add(`f:${canonical}:-${surname.slice(-3)}`);
    }
    keys.add(`i:${first[0]}:${surname}`);
  }
  return [...keys];
}
