import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@escucha/core';
import { IdentityService } from '@escucha/identity';
import { POST_STORE, type PostStore } from '@escucha/store';

export const ATTENTION_INTENTS = ['complaint', 'churn'] as const;
export const MAX_ATTENTION_HOURS = 168;
export const MAX_ATTENTION_LIMIT = 50;
/** Complaints are counted among this many customers, so each one who spoke of leaving has theirs. */
const COMPLAINT_SCAN = 1_000;

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
 * Who to call back: the known customers who spoke of leaving or complained in the last hours, on
 * any channel (a call-centre record carries its customer, a social post its linked author's).
 * Those who spoke of leaving come first, most such posts first, since they are the ones a
 * retention call can still keep; then the rest by complaints. A customer the CRM no longer has
 * (erased since) is left out.
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
    const [churned, ranked] = await Promise.all([
      this.posts.topCustomers({ from, to, intents: ['churn'] }, limit),
      this.posts.topCustomers({ from, to, intents: [...ATTENTION_INTENTS] }, COMPLAINT_SCAN),
    ]);
    const churn = new Map(churned.map((entry) => [entry.key, entry.count]));
    const posts = new Map(ranked.map((entry) => [entry.key, entry.count]));
    // Ranked lists come highest first, ties by id: the order below keeps that within each group.
    const order = [...new Set([...churned.map((entry) => entry.key), ...ranked.map((entry) => entry.key)])].slice(0, limit);
    const customers = new Map((await this.identity.customersById(order)).map((customer) => [customer.id, customer]));
    const items = order.flatMap((id): AttentionEntry[] => {
      const customer = customers.get(id);
      if (!customer) return [];
      // A churn post beyond the complaint scan still counts itself.
      const count = Math.max(posts.get(id) ?? 0, churn.get(id) ?? 0);
      return [{ id, name: customer.name, ...(customer.city !== undefined ? { city: customer.city } : {}), posts: count, churn: churn.get(id) ?? 0 }];
    });
    return { from: from.toISOString(), to: to.toISOString(), items };
  }
}
