import type { Customer } from '@escucha/core';
import { phoneKey } from './contacts';
import { canonicalFirstNames, words } from './names';

/** A customer's name, folded. Namesakes share one object: the matcher scores a name once per author. */
export interface NameParts {
  readonly first: string;
  readonly surnames: readonly string[];
}

/** Customers of one folded name: what a fuzzy match compares the author's name with once. */
export interface Namesakes {
  readonly parts: NameParts;
  readonly customers: readonly MatchProfile[];
}

/** What the matcher needs of a customer, folded once when the customer is indexed. */
export interface MatchProfile {
  id: string;
  name: NameParts;
  city?: string;
  products: readonly string[];
  emails: readonly string[];
  phoneKeys: readonly string[];
  handles: Readonly<Record<string, string>>;
}

interface HeldName {
  parts: NameParts;
  customers: MatchProfile[];
}

/**
 * Keys that mostly have one value: a key holds its value bare, and a Set only from the second
 * value on, since a Set of one costs about a hundred bytes and a large CRM has millions of keys.
 */
class OneOrMany<V> {
  private readonly map = new Map<string, V | Set<V>>();

  has(key: string): boolean {
    return this.map.has(key);
  }

  add(key: string, value: V): void {
    const held = this.map.get(key);
    if (held === undefined) this.map.set(key, value);
    else if (held instanceof Set) held.add(value);
    else if (held !== value) this.map.set(key, new Set([held, value]));
  }

  remove(key: string, value: V): void {
    const held = this.map.get(key);
    if (held === value) this.map.delete(key);
    else if (held instanceof Set) {
      held.delete(value);
      if (held.size === 1) this.map.set(key, held.values().next().value!);
    }
  }

  /** Calls `visit` with each value of `key`; no array is made for a key of one value. */
  forEach(key: string, visit: (value: V) => void): void {
    const held = this.map.get(key);
    if (held instanceof Set) held.forEach((value) => visit(value));
    else if (held !== undefined) visit(held);
  }

  clear(): void {
    this.map.clear();
  }
}

/**
 * Every customer's contact keys and name blocks, in memory, so a post whose author matches
 * nobody costs a few map lookups and no store round trip. Name blocks pair the first name with
 * a surname (see `nameKeys`), so the candidates of an author are the customers of about the
 * same name, not everyone who shares a surname's first letters.
 *
 * A block holds names, not customers: a large CRM has hundreds of customers of a common name,
 * and the matcher compares the author's name once with each name, then looks at the namesakes
 * only when the name agrees. Held by customer, a block made every candidate cost a lookup even
 * when its name was already known to disagree.
 *
 * Memory is what a large CRM pays in every process, so what repeats is held once: a key that
 * one customer has (an email, a phone, a handle: most keys) maps to the id itself, not to a set
 * of one; a block that one name has maps to that name; namesakes share their folded name, and
 * customers their city and product strings.
 */
export class CustomerIndex {
  private readonly profiles = new Map<string, MatchProfile>();
  private readonly keys = new OneOrMany<string>();
  private readonly names = new Map<string, HeldName>();
  private readonly blocks = new OneOrMany<HeldName>();
  /** Cities and products: few distinct values across any CRM, so never released. */
  private readonly values = new Map<string, string>();

  get size(): number {
    return this.profiles.size;
  }

  put(customers: readonly Customer[]): void {
    for (const customer of customers) {
      this.remove(customer.id);
      const profile = this.toProfile(customer);
      this.profiles.set(profile.id, profile);
      for (const key of contactKeys(profile)) this.keys.add(key, profile.id);
    }
  }

  remove(id: string): void {
    const existing = this.profiles.get(id);
    if (!existing) return;
    for (const key of contactKeys(existing)) this.keys.remove(key, id);
    this.releaseName(existing);
    this.profiles.delete(id);
  }

  clear(): void {
    this.profiles.clear();
    this.keys.clear();
    this.names.clear();
    this.blocks.clear();
    this.values.clear();
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

  /** The names that share a block with `name`, each with its customers: what a fuzzy match may consider. */
  namesNear(name: string | undefined): Namesakes[] {
    const [first, ...surnames] = words(name);
    if (!first || surnames.length === 0) return [];
    const found = new Set<HeldName>();
    const add = (held: HeldName): void => void found.add(held);
    for (const key of nameKeys(first, surnames)) this.blocks.forEach(key, add);
    return [...found];
  }

  /** The customers of `namesNear`, by id. */
  nameCandidates(name: string | undefined): string[] {
    return this.namesNear(name).flatMap((held) => held.customers.map((customer) => customer.id));
  }

  /** Whether `namesNear` would find anyone, without gathering them. */
  hasNameCandidates(name: string | undefined): boolean {
    const [first, ...surnames] = words(name);
    return first !== undefined && surnames.length > 0 && nameKeys(first, surnames).some((key) => this.blocks.has(key));
  }

  private lookup(key: string): string[] {
    const ids: string[] = [];
    this.keys.forEach(key, (id) => ids.push(id));
    return ids;
  }

  private toProfile(customer: Customer): MatchProfile {
    const folded = words(customer.name);
    const key = folded.join(' ');
    const held = this.names.get(key);
    const [first = '', ...surnames] = folded;
    const profile: MatchProfile = {
      id: customer.id,
      name: held?.parts ?? { first, surnames },
      products: customer.products.map((p) => this.shared(words(p).join(' '))).filter((p) => p !== ''),
      emails: customer.emails,
      phoneKeys: customer.phones.map(phoneKey),
      handles: customer.handles,
    };
    const city = words(customer.city).join(' ');
    if (city !== '') profile.city = this.shared(city);
    if (held) held.customers.push(profile);
    else this.holdName(key, { parts: profile.name, customers: [profile] });
    return profile;
  }

  private holdName(key: string, held: HeldName): void {
    this.names.set(key, held);
    const { first, surnames } = held.parts;
    if (!first || surnames.length === 0) return;
    for (const block of nameKeys(first, surnames)) this.blocks.add(block, held);
  }

  /** Namesakes are few next to a CRM, so dropping one from its name's list by a scan costs little. */
  private releaseName(profile: MatchProfile): void {
    const key = [profile.name.first, ...profile.name.surnames].join(' ');
    const held = this.names.get(key);
    if (!held) return;
    const at = held.customers.indexOf(profile);
    if (at >= 0) {
      held.customers[at] = held.customers[held.customers.length - 1];
      held.customers.pop();
    }
    if (held.customers.length > 0) return;
    this.names.delete(key);
    const { first, surnames } = held.parts;
    if (!first || surnames.length === 0) return;
    for (const block of nameKeys(first, surnames)) this.blocks.remove(block, held);
  }

  private shared(value: string): string {
    const held = this.values.get(value);
    if (held !== undefined) return held;
    this.values.set(value, value);
    return value;
  }
}

function contactKeys(profile: MatchProfile): string[] {
  return [
    ...profile.emails.map((e) => `e:${e}`),
    ...profile.phoneKeys.map((p) => `p:${p}`),
    ...Object.entries(profile.handles).map(([platform, handle]) => `h:${platform}:${handle}`),
  ];
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
