import { ValidationError } from '@escucha/core';

/**
 * What makes a customer eligible for an offer. Rules are data, not code, so a catalog can be
 * edited through the API and checked before it is saved.
 */
export type EligibilityRule =
  /** Age on the day of the recommendation, from the CRM's birth date; no birth date fails it. */
  | { kind: 'minAge'; years: number }
  /** The customer does not already have the product. */
  | { kind: 'notOwned'; product: string }
  /** The customer already has the product (an upgrade, an add-on). */
  | { kind: 'owns'; product: string }
  /** The customer agreed to be offered things (the CRM's consent). */
  | { kind: 'consent'; purpose: 'marketing' }
  /** The customer's segment is one of these. */
  | { kind: 'segment'; in: string[] };

export const RULE_KINDS = ['minAge', 'notOwned', 'owns', 'consent', 'segment'] as const;

/** Signals in what a customer says that make an offer more relevant to them. */
export interface OfferTargets {
  /** Topics whose posts make the offer relevant (a coverage booster for people who talk about coverage). */
  topics?: string[];
  /** Intents likewise (a retention discount for `churn`). */
  intents?: string[];
  /** A retention offer: the higher the customer's churn risk, the more it fits. */
  retention?: boolean;
}

export interface Offer {
  id: string;
  name: string;
  description?: string;
  /** What one acceptance is worth to the company, in the deployment's currency. */
  value: number;
  rules: EligibilityRule[];
  targets?: OfferTargets;
  /** An inactive offer stays in the catalog (its history counts) but is never recommended. */
  active: boolean;
}

const OFFER_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const strings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string' && item.length > 0);

/** Throws a ValidationError naming the field when `offer` is not a usable catalog entry. */
export function checkOffer(offer: Offer, at = 'offer'): void {
  if (typeof offer !== 'object' || offer === null) throw new ValidationError(`${at} must be an object`);
  if (typeof offer.id !== 'string' || !OFFER_ID.test(offer.id)) {
    throw new ValidationError(`${at}.id must be 1 to 64 lower-case letters, digits, "-" or "_", got ${JSON.stringify(offer.id)}`);
  }
  if (typeof offer.name !== 'string' || offer.name.trim() === '' || offer.name.length > 200) throw new ValidationError(`${at}.name must be 1 to 200 characters`);
  if (offer.description !== undefined && (typeof offer.description !== 'string' || offer.description.length > 2000)) {
    throw new ValidationError(`${at}.description must be a string of at most 2000 characters`);
  }
  if (typeof offer.value !== 'number' || !Number.isFinite(offer.value) || offer.value < 0) throw new ValidationError(`${at}.value must be a number ≥ 0`);
  if (typeof offer.active !== 'boolean') throw new ValidationError(`${at}.active must be true or false`);
  if (!Array.isArray(offer.rules)) throw new ValidationError(`${at}.rules must be a list`);
  offer.rules.forEach((rule, index) => checkRule(rule, `${at}.rules[${index}]`));
  const targets = offer.targets;
  if (targets !== undefined) {
    if (typeof targets !== 'object' || targets === null) throw new ValidationError(`${at}.targets must be an object`);
    if (targets.topics !== undefined && !strings(targets.topics)) throw new ValidationError(`${at}.targets.topics must be a list of topic ids`);
    if (targets.intents !== undefined && !strings(targets.intents)) throw new ValidationError(`${at}.targets.intents must be a list of intent ids`);
    if (targets.retention !== undefined && typeof targets.retention !== 'boolean') throw new ValidationError(`${at}.targets.retention must be true or false`);
  }
}

function checkRule(rule: EligibilityRule, at: string): void {
  if (typeof rule !== 'object' || rule === null) throw new ValidationError(`${at} must be an object`);
  switch (rule.kind) {
    case 'minAge':
      if (!Number.isInteger(rule.years) || rule.years < 0 || rule.years > 150) throw new ValidationError(`${at}.years must be a whole number of years`);
      return;
    case 'notOwned':
    case 'owns':
      if (typeof rule.product !== 'string' || rule.product === '') throw new ValidationError(`${at}.product must name a product`);
      return;
    case 'consent':
      if (rule.purpose !== 'marketing') throw new ValidationError(`${at}.purpose must be "marketing"`);
      return;
    case 'segment':
      if (!strings(rule.in) || rule.in.length === 0) throw new ValidationError(`${at}.in must list at least one segment`);
      return;
    default:
      throw new ValidationError(`${at}.kind must be one of ${RULE_KINDS.join(', ')}, got ${JSON.stringify((rule as { kind?: unknown }).kind)}`);
  }
}
