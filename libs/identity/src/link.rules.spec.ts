import { describe, expect, it } from 'vitest';
import type { IdentityLink } from '@escucha/core';
import { applyDecisions } from './link.rules';
import type { LinkDecision } from './matcher';

const AT = new Date('2026-03-02T00:00:00Z');
const decision = (customerId: string, status: 'linked' | 'suggested', method: LinkDecision['method'] = 'fuzzy'): LinkDecision => ({ customerId, method, confidence: status === 'linked' ? 0.95 : 0.6, status, reasons: [] });
const stored = (customerId: string, status: IdentityLink['status'], by = 'system'): IdentityLink => ({ author: 'x:1', customerId, method: 'fuzzy', confidence: 0.6, status, by, at: AT });

describe('applyDecisions', () => {
  it('stores new decisions as they are', () => {
    const result = applyDecisions('x:1', [decision('C1', 'linked'), decision('C2', 'suggested')], [], AT);
    expect(result.linkedTo).toBe('C1');
    expect(result.save.map((l) => [l.customerId, l.status, l.by])).toEqual([['C1', 'linked', 'system'], ['C2', 'suggested', 'system']]);
  });

  it('never makes again what a person rejected, nor touches what a person decided', () => {
    expect(applyDecisions('x:1', [decision('C1', 'linked')], [stored('C1', 'rejected', 'ana')], AT).save).toEqual([]);
    expect(applyDecisions('x:1', [decision('C1', 'linked')], [stored('C1', 'suggested', 'ana')], AT).save).toEqual([]);
  });

  it('links an author to one customer at most: a second link becomes a suggestion', () => {
    const result = applyDecisions('x:1', [decision('C2', 'linked', 'handle')], [stored('C1', 'linked', 'ana')], AT);
    expect(result.linkedTo).toBe('C1');
    expect(result.save.map((l) => [l.customerId, l.status])).toEqual([['C2', 'suggested']]);
  });

  it('upgrades its own suggestion when stronger evidence arrives', () => {
    const result = applyDecisions('x:1', [decision('C1', 'linked', 'handle')], [stored('C1', 'suggested')], AT);
    expect(result.save).toMatchObject([{ customerId: 'C1', status: 'linked', method: 'handle' }]);
  });
});
