import { enableAutoUnmount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CustomerProfile, ProfilePost, Recommendation } from '../api/types';
import { setLocale } from '../i18n';
import { fakeApi } from '../test-support/fakeApi';
import { mountView } from '../test-support/mount';
import CustomerProfileView from './CustomerProfileView.vue';

const aPost = (n: number): ProfilePost => ({
  id: `x:${n}`,
  source: 'x',
  channel: 'social',
  createdAt: new Date(Date.UTC(2026, 10, 30, 20 - n)).toISOString(),
  text: `Me paso a otra compañía (${n})`,
  author: { key: 'x:belen', handle: 'belen' },
  sentiment: { label: 'negative', score: -0.6 },
  topics: ['switching'],
  intents: ['churn'],
});

const aProfile = (evidence: number): CustomerProfile => ({
  customer: { id: 'C1', name: 'Belén Torres', emails: [], phones: [], handles: {}, city: 'Quilmes', products: ['Aurora Libre'], consent: { marketing: false } },
  identities: [{ author: 'x:belen', platform: 'x', handle: 'belen', method: 'fuzzy', confidence: 0.95, status: 'linked' }],
  channels: [],
  sentiment: { interval: 'week', buckets: [] },
  topics: [],
  intents: [],
  churn: {
    risk: 0.64,
    windowDays: 90,
    churnIntents: 3,
    complaints: 5,
    trend: 0,
    contributions: { churnIntents: 0.4, complaints: 0.24, trend: 0 },
    evidence: Array.from({ length: evidence }, (_, n) => aPost(n)),
  },
  network: { basis: 'mentions', items: [] },
  timeline: { total: 0, items: [] },
  truncated: false,
});

const offer: Recommendation = { offerId: 'discount', name: '30 % de descuento', propensity: 0.1797, value: 120_000, expectedValue: 21_566.815, reasons: [] };

enableAutoUnmount(afterEach);

describe('CustomerProfileView', () => {
  let api: ReturnType<typeof fakeApi>;
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => api.restore());

  async function mountProfile(profile: CustomerProfile) {
    api = fakeApi({ '/api/v1/customers/C1/profile': profile, '/api/v1/customers/C1/next-best-actions': { customerId: 'C1', items: [offer] } });
    return mountView(
      CustomerProfileView,
      '/customers/C1',
      [
        { path: '/customers/:id', name: 'customer' },
        { path: '/customers', name: 'customers' },
      ],
      { VolumeChart: true, RankBarChart: true },
    );
  }

  it('shows the newest five posts behind the churn risk, and the rest on demand', async () => {
    setLocale('es');
    const view = await mountProfile(aProfile(7));
    expect(view.findAll('[data-testid="churn-post"]').map((post) => post.find('p').text())).toEqual([0, 1, 2, 3, 4].map((n) => `Me paso a otra compañía (${n})`));
    const more = view.get('[data-testid="churn-posts-more"]');
    expect(more.text()).toBe('Ver 2 más');
    expect(more.attributes('aria-expanded')).toBe('false');
    await more.trigger('click');
    expect(view.findAll('[data-testid="churn-post"]')).toHaveLength(7);
    expect(more.text()).toBe('Ver menos');
  });

  it('offers no toggle when every post already shows', async () => {
    setLocale('es');
    const view = await mountProfile(aProfile(5));
    expect(view.findAll('[data-testid="churn-post"]')).toHaveLength(5);
    expect(view.find('[data-testid="churn-posts-more"]').exists()).toBe(false);
  });

  it('words how an identity was linked, and an expected value as an amount', async () => {
    setLocale('es');
    const view = await mountProfile(aProfile(1));
    expect(view.get('[data-testid="identity"]').text()).toContain('Método nombre y datos parecidos');
    expect(view.get('[data-testid="nba-offer"]').text()).toContain('Valor esperado 21.567');
  });
});
