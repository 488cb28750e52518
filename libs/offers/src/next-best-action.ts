import type { OfferReason, Recommendation } from '@escucha/core';
import type { CustomerFacts } from './customer-facts';
import { checkEligibility } from './eligibility';
import type { Offer } from './offer';

/** An agent's record of what a customer did with an offer, with the customer as they were then. */
export interface OfferResponse {
  offerId: string;
  customerId: string;
  accepted: boolean;
  at: Date;
  /** Who recorded it (the agent's username). */
  by: string;
  /** The customer when offered: similarity is judged against who they were, not who they became. */
  facts: CustomerFacts;
}

/** Why an offer ranks where it does. */
export type Reason = OfferReason;
export type { Recommendation };

export interface RankOptions {
  /** How many to return. */
  limit: number;
  /** Acceptance rate assumed for an offer nobody has answered yet. */
  baseRate: number;
  /** Weight, in responses, of the prior against the evidence: the higher, the slower evidence moves it. */
  priorStrength: number;
  /** Most similar past responses consulted per offer. */
  neighbours: number;
}

export const DEFAULT_RANK_OPTIONS: RankOptions = { limit: 3, baseRate: 0.1, priorStrength: 5, neighbours: 25 };

/**
 * Next best action: the eligible offers ranked by propensity × value.
 *
 * Propensity starts from the offer's acceptance rate over everyone it was offered to (a
 * Beta prior around `baseRate` while there is little history), is scaled by how well the
 * offer fits what the customer talks about and their churn risk, and is then pulled towards
 * how the customers most like this one answered the same offer, in proportion to how much
 * such evidence there is. Every factor that moved it is returned as a reason an agent can read.
 */
export function rankOffers(
  customer: CustomerFacts,
  offers: readonly Offer[],
  responses: readonly OfferResponse[],
  on: Date,
  options: Partial<RankOptions> = {},
): Recommendation[] {
  const settings = { ...DEFAULT_RANK_OPTIONS, ...options };
  const me = featureVector(customer);
  const byOffer = new Map<string, OfferResponse[]>();
  for (const response of responses) {
    // The customer's own earlier answers are not "similar customers": a declined offer is simply not offered again below.
    if (response.customerId === customer.id) continue;
    const list = byOffer.get(response.offerId) ?? [];
    list.push(response);
    byOffer.set(response.offerId, list);
  }
  const declinedByMe = new Set(responses.filter((r) => r.customerId === customer.id && !r.accepted).map((r) => r.offerId));

  const recommendations: Recommendation[] = [];
  for (const offer of offers) {
    if (declinedByMe.has(offer.id) || !checkEligibility(offer, customer, on).eligible) continue;
    const history = byOffer.get(offer.id) ?? [];
    const reasons: Reason[] = [];

    const accepted = history.filter((r) => r.accepted).length;
    const offerRate = (accepted + settings.priorStrength * settings.baseRate) / (history.length + settings.priorStrength);
    reasons.push(history.length ? { code: 'offer-history', accepted, responses: history.length } : { code: 'no-history' });

    const prior = clamp01(offerRate * fit(offer, customer, reasons));

    const nearest = history
      .map((response) => ({ response, similarity: cosine(me, featureVector(response.facts)) }))
      .filter((n) => n.similarity > 0)
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, settings.neighbours);
    const weight = nearest.reduce((sum, n) => sum + n.similarity, 0);
    const weightedAccepts = nearest.reduce((sum, n) => sum + (n.response.accepted ? n.similarity : 0), 0);
    const propensity = (weightedAccepts + settings.priorStrength * prior) / (weight + settings.priorStrength);
    if (nearest.length) reasons.push({ code: 'similar-customers', accepted: nearest.filter((n) => n.response.accepted).length, responses: nearest.length });

    const recommendation: Recommendation = {
      offerId: offer.id,
      name: offer.name,
      propensity: round(propensity),
      value: offer.value,
      expectedValue: round(propensity * offer.value),
      reasons,
    };
    if (offer.description !== undefined) recommendation.description = offer.description;
    recommendations.push(recommendation);
  }
  return recommendations.sort((a, b) => b.expectedValue - a.expectedValue || b.propensity - a.propensity || a.offerId.localeCompare(b.offerId)).slice(0, settings.limit);
}

/**
 * How well an offer fits what the customer says, as a multiplier of its base rate: up to ×2
 * when all their posts are about the offer's topics or intents; a retention offer scales with
 * churn risk, and any other offer to someone about to leave is damped (upselling to an angry
 * customer rarely works).
 */
function fit(offer: Offer, customer: CustomerFacts, reasons: Reason[]): number {
  let factor = 1;
  const targets = offer.targets ?? {};
  const topicShare = share(customer.topics, targets.topics);
  if (topicShare > 0) {
    factor *= 1 + topicShare;
    reasons.push({ code: 'talks-about', topics: (targets.topics ?? []).filter((topic) => (customer.topics[topic] ?? 0) > 0) });
  }
  const intentShare = share(customer.intents, targets.intents);
  if (intentShare > 0) {
    factor *= 1 + intentShare;
    reasons.push({ code: 'intent', intents: (targets.intents ?? []).filter((intent) => (customer.intents[intent] ?? 0) > 0) });
  }
  const risk = clamp01(customer.churnRisk);
  if (targets.retention) {
    factor *= 0.5 + 1.5 * risk;
    if (risk >= 0.5) reasons.push({ code: 'churn-risk', risk: round(risk) });
  } else {
    factor *= 1 - 0.5 * risk;
  }
  return factor;
}

function share(counts: Record<string, number>, keys: readonly string[] | undefined): number {
  if (!keys?.length) return 0;
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  if (total === 0) return 0;
  return keys.reduce((sum, key) => sum + (counts[key] ?? 0), 0) / total;
}

/**
 * A customer as a sparse vector for cosine similarity: segment and products as one-hot
 * dimensions, churn risk and value as numbers, and the shares of their posts per topic and
 * intent. Dimensions are named, so customers with different products compare without a schema.
 */
export function featureVector(facts: CustomerFacts): Map<string, number> {
  const vector = new Map<string, number>();
  if (facts.segment) vector.set(`segment:${facts.segment}`, 1);
  for (const product of facts.products) vector.set(`product:${product}`, 1);
  vector.set('churn', clamp01(facts.churnRisk));
  // Log scale: a customer worth 10,000 is not a hundred times as different as one worth 100.
  if (facts.value !== undefined && facts.value > 0) vector.set('value', Math.log10(1 + facts.value) / 6);
  for (const [prefix, counts] of [['topic', facts.topics], ['intent', facts.intents]] as const) {
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    if (total > 0) for (const [key, n] of Object.entries(counts)) if (n > 0) vector.set(`${prefix}:${key}`, n / total);
  }
  return vector;
}

export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  for (const [key, value] of a) dot += value * (b.get(key) ?? 0);
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((sum, x) => sum + x * x, 0));
  const denominator = norm(a) * norm(b);
  return denominator === 0 ? 0 : dot / denominator;
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
const round = (x: number): number => Math.round(x * 10_000) / 10_000;
