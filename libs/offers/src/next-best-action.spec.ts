import { describe, expect, it } from 'vitest';
import { ageOn } from './customer-facts';
import { checkEligibility } from './eligibility';
import { cosine, featureVector, rankOffers } from './next-best-action';
import { checkOffer, type Offer } from './offer';
import { aCustomer, anOffer, aResponse } from './offers.builders';

const ON = new Date('2026-11-29T12:00:00Z');

describe('eligibility', () => {
  it('counts age in whole years, the birthday included', () => {
    expect(ageOn('2008-11-29', ON)).toBe(18);
    expect(ageOn('2008-11-30', ON)).toBe(17);
    expect(ageOn('not a date', ON)).toBeUndefined();
  });

  it('passes only when every rule does, and says which failed', () => {
    const offer = anOffer({
      rules: [
        { kind: 'minAge', years: 18 },
        { kind: 'notOwned', product: 'fiber' },
        { kind: 'consent', purpose: 'marketing' },
        { kind: 'segment', in: ['consumer', 'smb'] },
      ],
    });
    expect(checkEligibility(offer, aCustomer(), ON).eligible).toBe(true);
    const minor = checkEligibility(offer, aCustomer({ birthDate: '2010-01-01' }), ON);
    expect(minor.eligible).toBe(false);
    expect(minor.outcomes.filter((o) => !o.passed).map((o) => o.rule.kind)).toEqual(['minAge']);
    expect(checkEligibility(offer, aCustomer({ birthDate: undefined }), ON).eligible).toBe(false);
    expect(checkEligibility(offer, aCustomer({ products: ['mobile', 'fiber'] }), ON).eligible).toBe(false);
    expect(checkEligibility(offer, aCustomer({ consent: { marketing: false } }), ON).eligible).toBe(false);
    expect(checkEligibility(offer, aCustomer({ segment: 'corporate' }), ON).eligible).toBe(false);
    expect(checkEligibility(anOffer({ active: false }), aCustomer(), ON).eligible).toBe(false);
  });
});

describe('rankOffers', () => {
  it('ranks by propensity × value and returns the top three', () => {
    const offers = ['a', 'b', 'c', 'd'].map((id, index) => anOffer({ id, name: id, value: 100 * (index + 1) }));
    const ranked = rankOffers(aCustomer(), offers, [], ON);
    expect(ranked.map((r) => r.offerId)).toEqual(['d', 'c', 'b']);
    for (const r of ranked) expect(r.expectedValue).toBeCloseTo(r.propensity * r.value, 3);
    expect(ranked[0]!.reasons).toContainEqual({ code: 'no-history' });
  });

  it('follows how similar customers answered, not how everyone did', () => {
    const me = aCustomer({ segment: 'smb', products: ['fiber', 'tv'], topics: { billing: 5 } });
    const likeMe = { segment: 'smb', products: ['fiber', 'tv'], topics: { billing: 4, coverage: 1 } };
    const unlikeMe = { segment: 'consumer', products: ['prepaid'], topics: { coverage: 6 } };
    const responses = [
      ...Array.from({ length: 8 }, () => aResponse('insurance', true, likeMe)),
      ...Array.from({ length: 8 }, () => aResponse('roaming', false, likeMe)),
      // Everyone else loves roaming and hates insurance: overall, roaming looks better.
      ...Array.from({ length: 30 }, () => aResponse('roaming', true, unlikeMe)),
      ...Array.from({ length: 30 }, () => aResponse('insurance', false, unlikeMe)),
    ];
    const offers = [anOffer({ id: 'insurance', name: 'Device insurance' }), anOffer({ id: 'roaming', name: 'Roaming pack' })];

    const ranked = rankOffers(me, offers, responses, ON, { neighbours: 8 });
    expect(ranked.map((r) => r.offerId)).toEqual(['insurance', 'roaming']);
    expect(ranked[0]!.propensity).toBeGreaterThan(0.5);
    expect(ranked[0]!.reasons).toContainEqual({ code: 'similar-customers', accepted: 8, responses: 8 });
    expect(ranked[1]!.reasons).toContainEqual({ code: 'similar-customers', accepted: 0, responses: 8 });

    // The customer unlike the first sees the other order, from the same history.
    const other = rankOffers(aCustomer({ segment: 'consumer', products: ['prepaid'], topics: { coverage: 3 } }), offers, responses, ON, { neighbours: 8 });
    expect(other.map((r) => r.offerId)).toEqual(['roaming', 'insurance']);
  });

  it('raises an offer that fits what the customer talks about, and a retention offer with churn risk', () => {
    const booster = anOffer({ id: 'booster', name: 'Signal booster', targets: { topics: ['coverage'] } });
    const plain = anOffer({ id: 'plain', name: 'Plain' });
    const retention = anOffer({ id: 'stay', name: 'Loyalty discount', targets: { retention: true, intents: ['churn'] } });

    const talker = rankOffers(aCustomer({ topics: { coverage: 3, billing: 1 } }), [plain, booster], [], ON);
    expect(talker.map((r) => r.offerId)).toEqual(['booster', 'plain']);
    expect(talker[0]!.reasons).toContainEqual({ code: 'talks-about', topics: ['coverage'] });

    const leaving = rankOffers(aCustomer({ churnRisk: 0.9, intents: { churn: 2, complaint: 2 } }), [plain, retention], [], ON);
    expect(leaving.map((r) => r.offerId)).toEqual(['stay', 'plain']);
    expect(leaving[0]!.reasons).toContainEqual({ code: 'churn-risk', risk: 0.9 });
    expect(leaving[0]!.reasons).toContainEqual({ code: 'intent', intents: ['churn'] });

    const content = rankOffers(aCustomer({ churnRisk: 0 }), [plain, retention], [], ON);
    expect(content.map((r) => r.offerId)).toEqual(['plain', 'stay']);
  });

  it('never offers what the customer may not have, or already declined', () => {
    const adult = anOffer({ id: 'credit', name: 'Credit line', rules: [{ kind: 'minAge', years: 18 }] });
    const fiber = anOffer({ id: 'fiber', name: 'Fiber', rules: [{ kind: 'notOwned', product: 'fiber' }] });
    const tv = anOffer({ id: 'tv', name: 'TV' });
    const me = aCustomer({ id: 'me', birthDate: '2012-03-01', products: ['fiber'] });
    const declined = { ...aResponse('tv', false), customerId: 'me' };
    expect(rankOffers(me, [adult, fiber, tv], [declined], ON)).toEqual([]);
  });
});

describe('similarity', () => {
  it('is 1 for the same customer and falls as they differ', () => {
    const a = featureVector(aCustomer({ products: ['fiber', 'tv'], topics: { billing: 2 } }));
    const b = featureVector(aCustomer({ products: ['fiber'], topics: { billing: 2 } }));
    const c = featureVector(aCustomer({ segment: 'corporate', products: ['leased-line'], topics: { outage: 2 } }));
    expect(cosine(a, a)).toBeCloseTo(1, 6);
    expect(cosine(a, b)).toBeLessThan(1);
    expect(cosine(a, c)).toBeLessThan(cosine(a, b));
  });
});

describe('checkOffer', () => {
  it('names the field that is wrong', () => {
    const bad = (patch: Partial<Offer> | Record<string, unknown>) => () => checkOffer({ ...anOffer(), ...patch } as Offer);
    expect(bad({})).not.toThrow();
    expect(bad({ id: 'Fiber Plan' })).toThrow(/offer\.id/);
    expect(bad({ value: -1 })).toThrow(/offer\.value/);
    expect(bad({ rules: [{ kind: 'minAge', years: 18.5 }] })).toThrow(/offer\.rules\[0\]\.years/);
    expect(bad({ rules: [{ kind: 'zodiac' }] })).toThrow(/offer\.rules\[0\]\.kind must be one of/);
    expect(bad({ targets: { topics: 'coverage' } })).toThrow(/offer\.targets\.topics/);
  });
});
