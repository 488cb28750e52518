import { ageOn, type CustomerFacts } from './customer-facts';
import type { EligibilityRule, Offer } from './offer';

export interface RuleOutcome {
  rule: EligibilityRule;
  passed: boolean;
}

/** Every rule of the offer, judged for the customer on `on`; eligible only when all pass. */
export function checkEligibility(offer: Offer, customer: CustomerFacts, on: Date): { eligible: boolean; outcomes: RuleOutcome[] } {
  const outcomes = offer.rules.map((rule) => ({ rule, passed: passes(rule, customer, on) }));
  return { eligible: offer.active && outcomes.every((outcome) => outcome.passed), outcomes };
}

function passes(rule: EligibilityRule, customer: CustomerFacts, on: Date): boolean {
  switch (rule.kind) {
    case 'minAge': {
      // No birth date, no proof of age: an age rule is usually a legal one.
      const age = ageOn(customer.birthDate, on);
      return age !== undefined && age >= rule.years;
    }
    case 'notOwned':
      return !customer.products.includes(rule.product);
    case 'owns':
      return customer.products.includes(rule.product);
    case 'consent':
      return customer.consent.marketing === true;
    case 'segment':
      return customer.segment !== undefined && rule.in.includes(customer.segment);
  }
}
