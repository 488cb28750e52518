import type { LinkMethod } from '@escucha/core';
import { contactsInText, normaliseHandle, type PhoneRegion } from './contacts';
import type { CustomerIndex, MatchProfile, NameParts } from './customer.index';
import { jaroWinkler } from './jaro-winkler';
import { fold, sameFirstName, words } from './names';

/** What is known of an author: their newest profile and some of what they wrote. */
export interface AuthorProfile {
  /** `platform:authorId`. */
  key: string;
  platform: string;
  handle: string;
  name?: string;
  location?: string;
  bio?: string;
  texts: readonly string[];
}

export interface MatchOptions {
  /** A fuzzy match at or above this confidence links; below, down to `suggestAt`, it is a suggestion. */
  linkAt: number;
  suggestAt: number;
  region: PhoneRegion;
}

export interface LinkDecision {
  customerId: string;
  method: LinkMethod;
  confidence: number;
  status: 'linked' | 'suggested';
  reasons: string[];
}

/**
 * Points a fuzzy comparison adds up, in the manner of Fellegi–Sunter weights: agreement on a
 * field adds, a clear disagreement takes away more than agreement gives (two people's names
 * agreeing by chance is common, disagreeing for the same person is rare). The confidence is
 * a logistic of the total.
 */
const POINTS = {
  firstExact: 2,
  firstNickname: 2,
  firstSlip: 1.2,
  firstInitial: 0.3,
  firstMismatch: -4,
  surnameExact: 3,
  surnameSlip: 2,
  surnameInitial: 0.5,
  surnameMismatch: -4,
  surnameOther: 1.5,
  secondSurname: 1.5,
  cityAgree: 1.5,
  cityDisagree: -3,
  product: 1.5,
  moreProducts: 0.5,
  handleHasSurname: 1,
} as const;
/** Total where the confidence is one half. */
const MIDPOINT = 6;
/** First name plus surname, each agreeing at least through a slip: below it the name does not agree. */
const NAME_AGREES = POINTS.firstSlip + POINTS.surnameSlip;
/** Two candidates this close in confidence cannot be told apart: neither links. */
const AMBIGUOUS_MARGIN = 0.15;
/**
 * Suggestions per author, the best first. A common name in a large CRM has hundreds of namesakes
 * in one city, each a suggestion of the same strength: stored, they flooded the review queue and
 * the links table (up to 254 for one author of the generated 300,000-customer population). The
 * right customer is nearly always among the best five (356 of 357 authors there).
 */
export const MAX_SUGGESTIONS = 5;

/**
 * Which customers an author is, by the rules of issue 10: a declared handle links exactly; an
 * email or phone in the bio links exactly unless several customers share it (a family email),
 * then each is a suggestion; otherwise a fuzzy match by name (nicknames, slips), city, the
 * products they write about and the handle. A name alone never links, and an author links to
 * at most one customer automatically: two candidates close together are both suggestions. At
 * most MAX_SUGGESTIONS decisions, the best first.
 */
export function matchAuthor(author: AuthorProfile, index: CustomerIndex, options: MatchOptions): LinkDecision[] {
  const handle = normaliseHandle(author.handle);
  const byHandle = index.byHandle(author.platform, handle);
  if (byHandle.length > 0) return exact(byHandle, 'handle', index, author);

  const contacts = contactsInText(author.bio, options.region);
  const byEmail = new Set(contacts.emails.flatMap((email) => index.byEmail(email)));
  const byPhone = new Set(contacts.phones.flatMap((phone) => index.byPhone(phone)));
  if (byEmail.size > 0 || byPhone.size > 0) {
    // A phone is one line, an email may be a family's: prefer the narrower key.
    const [ids, method] = byPhone.size > 0 && (byPhone.size <= byEmail.size || byEmail.size === 0) ? [byPhone, 'phone' as const] : [byEmail, 'email' as const];
    return exact([...ids], method, index, author);
  }

  return fuzzy(author, index, options);
}

function exact(ids: string[], method: LinkMethod, index: CustomerIndex, author: AuthorProfile): LinkDecision[] {
  if (ids.length === 1) return [{ customerId: ids[0], method, confidence: 1, status: 'linked', reasons: [method] }];
  // Shared by several customers: each is a suggestion, ranked by how well the rest agrees.
  const prepared = prepare(author);
  return ids
    .map((id) => {
      const scored = score(prepared, index.get(id)!);
      return { customerId: id, method, confidence: round(0.5 + 0.4 * scored.confidence), status: 'suggested' as const, reasons: [method, 'shared', ...scored.reasons] };
    })
    .sort((a, b) => b.confidence - a.confidence || a.customerId.localeCompare(b.customerId))
    .slice(0, MAX_SUGGESTIONS);
}

function fuzzy(author: AuthorProfile, index: CustomerIndex, options: MatchOptions): LinkDecision[] {
  const names = index.namesNear(author.name);
  if (names.length === 0) return [];
  const prepared = prepare(author);
  const kept: { customer: MatchProfile; name: NameScore; confidence: number }[] = [];
  for (const { parts, customers } of names) {
    // Most names near the author's disagree with it: their namesakes are never looked at.
    const name = nameScore(prepared, parts);
    if (name.points < NAME_AGREES) continue;
    const handle = name.handleHasSurname ? POINTS.handleHasSurname : 0;
    for (const customer of customers) {
      const value = confidence(otherThanName(prepared, customer, name.points).points + handle);
      if (value >= options.suggestAt) kept.push({ customer, name, confidence: value });
    }
  }
  kept.sort((a, b) => b.confidence - a.confidence || a.customer.id.localeCompare(b.customer.id));
  // Only the best are described: a common name in a large CRM has hundreds of namesakes in a city.
  return kept.slice(0, MAX_SUGGESTIONS).map(({ customer, name }, i) => {
    const s = score(prepared, customer, name);
    const rival = kept[i === 0 ? 1 : 0];
    const clear = i === 0 && (!rival || s.confidence - rival.confidence >= AMBIGUOUS_MARGIN);
    // A name alone is never enough: at least one thing other than the name must agree.
    const linked = clear && s.confidence >= options.linkAt && s.otherEvidence;
    return { customerId: customer.id, method: 'fuzzy' as const, confidence: round(s.confidence), status: linked ? ('linked' as const) : ('suggested' as const), reasons: s.reasons };
  });
}

interface Score {
  confidence: number;
  nameAgrees: boolean;
  otherEvidence: boolean;
  reasons: string[];
}

/** How one author's name agrees with one customer's, and whether the handle holds the surname. */
interface NameScore {
  points: number;
  reasons: readonly string[];
  /** The first names disagree: nothing else is worth comparing. */
  firstDisagrees: boolean;
  handleHasSurname: boolean;
}

/** The author's side of a comparison, folded once for all candidates. */
interface PreparedAuthor {
  first?: string;
  surnames: string[];
  location: string;
  written: ReadonlySet<string>;
  handle: string;
  /** Whether the author wrote of a product, by product: customers share a catalogue. */
  mentions: Map<string, boolean>;
  /** Points the author's location gives a city, by city: a common name's namesakes live in a few cities. */
  cities: Map<string, number>;
}

function prepare(author: AuthorProfile): PreparedAuthor {
  const [first, ...surnames] = words(author.name);
  return {
    first,
    surnames,
    location: fold(author.location ?? ''),
    written: new Set(author.texts.flatMap((t) => words(t))),
    handle: fold(author.handle).replace(/ /g, ''),
    mentions: new Map(),
    cities: new Map(),
  };
}

const FIRST_DISAGREES: NameScore = Object.freeze({ points: POINTS.firstMismatch, reasons: [], firstDisagrees: true, handleHasSurname: false });

function nameScore(author: PreparedAuthor, name: NameParts): NameScore {
  const reasons: string[] = [];
  const { first, surnames } = author;
  let points = 0;
  if (first !== undefined && name.first) {
    if (first === name.first) (points += POINTS.firstExact), reasons.push('first name');
    else if (sameFirstName(first, name.first)) (points += POINTS.firstNickname), reasons.push('nickname');
    else if (first.length >= 3 && Math.abs(first.length - name.first.length) <= 2 && jaroWinkler(first, name.first) >= 0.9) (points += POINTS.firstSlip), reasons.push('first name, spelt differently');
    else if (first.length === 1 && first === name.first[0]) points += POINTS.firstInitial;
    // Most candidates of a block differ in the first name: no need to look further.
    else return FIRST_DISAGREES;
  }
  surnames.forEach((word, position) => {
    if (word.length === 1) {
      if (position === 0 && name.surnames[0]?.[0] === word) points += POINTS.surnameInitial;
      return;
    }
    // The first surname is the one people go by; the author's agreeing with a later one of the customer's counts less.
    let best = 0;
    let at = -1;
    name.surnames.forEach((surname, i) => {
      const similarity = surname === word ? 1 : Math.abs(surname.length - word.length) > 2 ? 0 : jaroWinkler(word, surname);
      if (similarity > best) (best = similarity), (at = i);
    });
    const aligned = at === position;
    if (best === 1) {
      points += position === 0 ? (aligned ? POINTS.surnameExact : POINTS.surnameOther) : POINTS.secondSurname;
      reasons.push(position === 0 && aligned ? 'surname' : 'other surname');
    } else if (best >= 0.9 && word.length >= 4) {
      points += position === 0 ? (aligned ? POINTS.surnameSlip : POINTS.surnameOther / 2) : POINTS.secondSurname / 2;
      reasons.push('surname, spelt differently');
    } else if (position === 0) {
      points += POINTS.surnameMismatch;
    }
  });
  const handleHasSurname = name.surnames.some((s) => s.length >= 4 && author.handle.includes(s));
  return { points, reasons, firstDisagrees: false, handleHasSurname };
}

/** How well one author agrees with one customer. */
export function scoreAuthor(author: AuthorProfile, customer: MatchProfile): Score {
  return score(prepare(author), customer);
}

function score(author: PreparedAuthor, customer: MatchProfile, name = nameScore(author, customer.name)): Score {
  if (name.firstDisagrees) return { confidence: 0, nameAgrees: false, otherEvidence: false, reasons: [...name.reasons] };
  const evidence = otherThanName(author, customer, name.points);
  const points = evidence.points + (name.handleHasSurname ? POINTS.handleHasSurname : 0);
  const reasons = [...name.reasons];
  if (evidence.city) reasons.push('city');
  if (evidence.products) reasons.push('products');
  if (name.handleHasSurname) reasons.push('handle');
  return { confidence: confidence(points), nameAgrees: name.points >= NAME_AGREES, otherEvidence: evidence.city || evidence.products, reasons };
}

const confidence = (points: number): number => 1 / (1 + Math.exp(-(points - MIDPOINT)));

/** What agrees besides the name (the city, the products the author wrote of), added to the name's `points` in one fixed order. */
function otherThanName(author: PreparedAuthor, customer: MatchProfile, points: number): { points: number; city: boolean; products: boolean } {
  let city = false;
  if (customer.city && author.location !== '') {
    const cityPoints = pointsForCity(author, customer.city);
    points += cityPoints;
    city = cityPoints > 0;
  }
  let products = false;
  if (customer.products.length > 0 && author.written.size > 0) {
    let mentioned = 0;
    for (const product of customer.products) if (mentions(author, product)) mentioned++;
    if (mentioned > 0) (points += POINTS.product + POINTS.moreProducts * (mentioned - 1)), (products = true);
  }
  return { points, city, products };
}

function pointsForCity(author: PreparedAuthor, city: string): number {
  let points = author.cities.get(city);
  if (points === undefined) {
    const location = author.location;
    points = ` ${location} `.includes(` ${city} `) ? POINTS.cityAgree : location.includes(city.split(' ')[0]) ? 0 : POINTS.cityDisagree;
    author.cities.set(city, points);
  }
  return points;
}

function mentions(author: PreparedAuthor, product: string): boolean {
  let said = author.mentions.get(product);
  if (said === undefined) author.mentions.set(product, (said = product.split(' ').some((w) => w.length >= 4 && author.written.has(w))));
  return said;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** The shipped settings; IDENTITY_LINK_THRESHOLD, IDENTITY_SUGGEST_THRESHOLD and IDENTITY_PHONE_REGION override them. */
export const DEFAULT_MATCH_OPTIONS: MatchOptions = { linkAt: 0.9, suggestAt: 0.5, region: 'AR' };
