/**
 * Precision and recall of automatic author→customer links on a generated population with
 * known truth (identity.population.ts), for `npm run eval`. Runs the matcher the worker runs,
 * on the settings it ships with.
 */
import type { Customer } from '@escucha/core';
import { CustomerIndex, DEFAULT_MATCH_OPTIONS, matchAuthor, validateCustomerInput, type MatchOptions } from '@escucha/identity';
import { DEFAULT_POPULATION, generatePopulation, type Population, type PopulationOptions } from './identity.population';

export interface MethodCounts {
  links: number;
  correct: number;
}

export interface IdentityEvaluation {
  population: { customers: number; authors: number; customerAuthors: number };
  /** Automatic links (status linked), all methods. */
  links: number;
  correct: number;
  precision: number;
  /** Correct automatic links over authors who really are a customer. */
  recall: number;
  byMethod: Record<string, MethodCounts>;
  /** Authors with at least one suggestion and no link; how often the right customer is among them. */
  suggested: number;
  suggestedRight: number;
  seconds: number;
}

export function evaluateIdentity(options: PopulationOptions = DEFAULT_POPULATION, match: MatchOptions = DEFAULT_MATCH_OPTIONS): IdentityEvaluation {
  const population: Population = generatePopulation(options);
  const started = process.hrtime.bigint();
  const now = new Date('2026-03-02T00:00:00Z');
  const customers: Customer[] = population.customers.map((record) => {
    const outcome = validateCustomerInput(record, match.region, now);
    if (!outcome.ok) throw new Error(`generated customer ${record.id} is invalid: ${outcome.error}`);
    return outcome.customer;
  });
  const index = new CustomerIndex();
  index.put(customers);
  const byMethod: Record<string, MethodCounts> = {};
  let links = 0;
  let correct = 0;
  let suggested = 0;
  let suggestedRight = 0;
  for (const author of population.authors) {
    const decisions = matchAuthor(author, index, match);
    const truth = population.truth.get(author.key);
    const linked = decisions.filter((d) => d.status === 'linked');
    for (const link of linked) {
      links++;
      const counts = (byMethod[link.method] ??= { links: 0, correct: 0 });
      counts.links++;
      if (link.customerId === truth) {
        correct++;
        counts.correct++;
      }
    }
    if (linked.length === 0 && decisions.length > 0) {
      suggested++;
      if (decisions.some((d) => d.customerId === truth)) suggestedRight++;
    }
  }
  return {
    population: { customers: customers.length, authors: population.authors.length, customerAuthors: population.truth.size },
    links,
    correct,
    precision: links === 0 ? 1 : correct / links,
    recall: population.truth.size === 0 ? 1 : correct / population.truth.size,
    byMethod,
    suggested,
    suggestedRight,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

const f = (x: number): string => x.toFixed(3);

export function identitySection(result: IdentityEvaluation, match: MatchOptions = DEFAULT_MATCH_OPTIONS): string {
  const methods = Object.entries(result.byMethod)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([method, c]) => `| ${method} | ${c.links} | ${c.correct} | ${f(c.links === 0 ? 1 : c.correct / c.links)} |`)
    .join('\n');
  return `## (h) Customer identity, author→customer links on a generated population

A seeded population (apps/cli/src/eval/identity.population.ts, seed ${DEFAULT_POPULATION.seed}):
${result.population.customers} CRM customers and ${result.population.authors} authors, of whom ${result.population.customerAuthors} are customers; namesakes of
customers (mostly in other cities), nicknames, spelling slips, names without accents,
families sharing an email, handles declared in the CRM, emails and phones in bios. The
matcher (libs/identity) runs with the shipped settings: link at confidence ≥ ${match.linkAt},
suggest from ${match.suggestAt}, phone region ${match.region}. Matching took ${result.seconds.toFixed(2)} s.

| automatic links | correct | precision | recall | goal |
|---:|---:|---:|---:|---|
| ${result.links} | ${result.correct} | **${f(result.precision)}** | **${f(result.recall)}** | precision ≥ 0.98, recall as high as that allows |

| method | links | correct | precision |
|---|---:|---:|---:|
${methods}

Authors left with suggestions only (for a person to confirm): ${result.suggested}; the right
customer is among them for ${result.suggestedRight}.
`;
}
