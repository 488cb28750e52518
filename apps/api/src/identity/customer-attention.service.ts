import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@escucha/core';
import { IdentityService } from '@escucha/identity';
import { POST_STORE, type PostStore } from '@escucha/store';

export const ATTENTION_INTENTS = ['complaint', 'churn'] as const;
export const MAX_ATTENTION_HOURS = 168;
export const MAX_ATTENTION_LIMIT = 50;
/** Churn signals are looked up among this many customers, so a list of 50 still shows each one's. */
const CHURN_SCAN = 1_000;

export interface AttentionEntry {
  id: string;
  name: string;
  city?: string;
  /** Posts of the span with a complaint or a churn intent (a post with both counts once). */
  posts: number;
  /** Of them, those that say the customer is leaving. */
  churn: number;
}

export interface AttentionList {
  from: string;
  to: string;
  items: AttentionEntry[];
}

/**
 * Who to call back: the known customers who complained or spoke of leaving most in the last
 * hours, on any channel (a call-centre record carries its customer, a social post its linked
 * author's). Most posts first; a customer the CRM no longer has (erased since) is left out.
 */
@Injectable()
export class CustomerAttentionService {
  constructor(
    private readonly identity: IdentityService,
    @Inject(POST_STORE) private readonly posts: PostStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(hours: number, limit: number): Promise<AttentionList> {
    const to = this.clock.now();
    const from = new Date(to.getTime() - hours * 3_600_000);
    const [ranked, churned] = await Promise.all([
      this.posts.topCustomers({ from, to, intents: [...ATTENTION_INTENTS] }, limit),
      this.posts.topCustomers({ from, to, intents: ['churn'] }, CHURN_SCAN),
    ]);
    const churn = new Map(churned.map((entry) => [entry.key, entry.count]));
    const customers = new Map((await this.identity.customersById(ranked.map((entry) => entry.key))).map((customer) => [customer.id, customer]));
    const items = ranked.flatMap((entry): AttentionEntry[] => {
      const customer = customers.get(entry.key);
      if (!customer) return [];
      return [{ id: customer.id, name: customer.name, ...(customer.city !== undefined ? { city: customer.city } : {}), posts: entry.count, churn: churn.get(entry.key) ?? 0 }];
    });
    return { from: from.toISOString(), to: to.toISOString(), items };
  }
}
