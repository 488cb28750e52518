import type { IdentityLink } from '@escucha/core';
import type { LinkDecision } from './matcher';

/**
 * Folds the matcher's decisions for one author into what is stored: a person's decision
 * (a rejection, a confirmation, a manual link) is never overturned by the machine; an author
 * already linked gets nothing new but suggestions; a system suggestion becomes a link when
 * stronger evidence arrives. Pure, so the rule is tested apart from the stores.
 */
export function applyDecisions(
  author: string,
  decisions: readonly LinkDecision[],
  existing: readonly IdentityLink[],
  at: Date,
): { save: IdentityLink[]; linkedTo?: string } {
  const byCustomer = new Map(existing.map((link) => [link.customerId, link]));
  let linkedTo = existing.find((link) => link.status === 'linked')?.customerId;
  const save: IdentityLink[] = [];
  for (const decision of decisions) {
    const stored = byCustomer.get(decision.customerId);
    const wantsLink = decision.status === 'linked' && linkedTo === undefined;
    if (stored) {
      const upgrade = stored.status === 'suggested' && stored.by === 'system' && wantsLink;
      if (!upgrade) continue;
    }
    const link: IdentityLink = {
      author,
      customerId: decision.customerId,
      method: decision.method,
      confidence: decision.confidence,
      status: wantsLink ? 'linked' : 'suggested',
      by: 'system',
      at,
      reasons: decision.reasons,
    };
    if (wantsLink) linkedTo = decision.customerId;
    save.push(link);
  }
  return { save, linkedTo };
}
