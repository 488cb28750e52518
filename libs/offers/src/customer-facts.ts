/**
 * What the recommender knows of a customer: the CRM's fields and what their linked posts say.
 * Built from the customer's profile; kept apart from it so the engine stays pure and testable.
 */
export interface CustomerFacts {
  id: string;
  /** ISO date (YYYY-MM-DD). */
  birthDate?: string;
  segment?: string;
  products: string[];
  /** The customer's value to the company (the CRM's figure), used for similarity, not for ranking. */
  value?: number;
  consent: { marketing: boolean };
  /** 0..1, from the profile (complaints, churn intents, sentiment trend). */
  churnRisk: number;
  /** Recent posts per topic id. */
  topics: Record<string, number>;
  /** Recent posts per intent id. */
  intents: Record<string, number>;
}

/** Whole years between a birth date and `on`, or undefined when the date cannot be read. */
export function ageOn(birthDate: string | undefined, on: Date): number | undefined {
  if (!birthDate) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let age = on.getUTCFullYear() - year;
  const beforeBirthday = on.getUTCMonth() + 1 < month || (on.getUTCMonth() + 1 === month && on.getUTCDate() < day);
  if (beforeBirthday) age--;
  return age;
}
