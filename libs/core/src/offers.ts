/**
 * What the next-best-action engine answers, as the API sends it and the dashboard shows it:
 * plain JSON, so the engine (libs/offers) and the web share one definition.
 */

/** Why an offer ranks where it does; the dashboard words each code in the UI language. */
export type OfferReason =
  | { code: 'similar-customers'; accepted: number; responses: number }
  | { code: 'offer-history'; accepted: number; responses: number }
  | { code: 'no-history' }
  | { code: 'talks-about'; topics: string[] }
  | { code: 'intent'; intents: string[] }
  | { code: 'churn-risk'; risk: number };

export interface Recommendation {
  offerId: string;
  name: string;
  description?: string;
  /** Estimated chance the customer accepts, 0..1. */
  propensity: number;
  value: number;
  /** propensity × value: what the ranking sorts by. */
  expectedValue: number;
  reasons: OfferReason[];
}
