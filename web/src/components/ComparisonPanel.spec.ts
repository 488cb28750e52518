import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Comparison } from '../api/types';
import { i18n, setLocale } from '../i18n';
import { useHistoryStore } from '../stores/history';
import { useMetaStore } from '../stores/meta';
import ComparisonPanel from './ComparisonPanel.vue';

const period = (from: string, to: string, values: Record<string, number>) => ({
  from,
  to,
  total: Object.values(values).reduce((a, b) => a + b, 0),
  values,
});

const byTopic: Comparison = {
  split: 'topic',
  current: period('2026-03-03T00:00:00Z', '2026-03-04T00:00:00Z', { coverage: 3, outage: 3 }),
  previous: period('2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z', { coverage: 1, billing: 1 }),
  delta: {
    total: { abs: 4, pct: 200 },
    values: { coverage: { abs: 2, pct: 200 }, outage: { abs: 3, pct: null }, billing: { abs: -1, pct: -100 } },
  },
  topicSentiment: {
    current: {
      coverage: { positive: 1, neutral: 0, negative: 2, net: -0.333 },
      outage: { positive: 0, neutral: 0, negative: 3, net: -1 },
    },
    previous: {
      coverage: { positive: 0, neutral: 0, negative: 1, net: -1 },
      billing: { positive: 0, neutral: 0, negative: 1, net: -1 },
    },
    netChange: { coverage: 0.667, outage: null, billing: null },
  },
};

describe('ComparisonPanel', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    useMetaStore().meta.topicLabels = { coverage: { es: 'Cobertura y señal', en: 'Coverage and signal' } };
  });

  const mountPanel = (comparison: Comparison, split: Comparison['split']) => {
    const history = useHistoryStore();
    history.split = split;
    history.comparison = comparison;
    return mount(ComparisonPanel, { global: { plugins: [i18n] } });
  };
  const cells = (wrapper: ReturnType<typeof mountPanel>, key: string) =>
    ['current', 'previous', 'change'].map((which) => wrapper.find(`[data-key="${key}"] [data-testid="compare-net-${which}"]`).text());

  it('split by topic, shows net sentiment per topic in both periods and its change in points', () => {
    setLocale('en');
    const wrapper = mountPanel(byTopic, 'topic');
    expect(wrapper.findAll('thead th').map((th) => th.text())).toEqual([
      'Key',
      'Current',
      'Compared',
      'Change',
      'Net sentiment, current',
      'Net sentiment, compared',
      'Change in net sentiment',
    ]);
    expect(wrapper.find('[data-key="coverage"] th').text()).toBe('Coverage and signal');
    expect(cells(wrapper, 'coverage')).toEqual(['-33%', '-100%', '+67 pts']);
    expect(wrapper.find('[data-key="coverage"] [data-testid="compare-net-change"] .delta').classes()).toContain('delta--good');
    // Spoken of in one period only: no change of opinion to show.
    expect(cells(wrapper, 'outage')).toEqual(['-100%', '—', 'not in both periods']);
    expect(cells(wrapper, 'billing')).toEqual(['—', '-100%', 'not in both periods']);
  });

  it('speaks the UI language and colours a worsening red', async () => {
    setLocale('es');
    const worse: Comparison = { ...byTopic, topicSentiment: { ...byTopic.topicSentiment!, netChange: { coverage: -0.25, outage: null, billing: null } } };
    const wrapper = mountPanel(worse, 'topic');
    expect(wrapper.find('[data-key="coverage"] th').text()).toBe('Cobertura y señal');
    expect(cells(wrapper, 'coverage')[2]).toBe('-25 pp');
    expect(wrapper.find('[data-key="coverage"] [data-testid="compare-net-change"] .delta').classes()).toContain('delta--bad');
    expect(wrapper.text()).toContain('Variación del sentimiento neto');
  });

  it('other splits show counts only', () => {
    setLocale('en');
    const bySentiment: Comparison = {
      split: 'sentiment',
      current: period('2026-03-03T00:00:00Z', '2026-03-04T00:00:00Z', { negative: 3, positive: 1 }),
      previous: period('2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z', { negative: 2, positive: 1 }),
      delta: { total: { abs: 1, pct: 33.3 }, values: { negative: { abs: 1, pct: 50 }, positive: { abs: 0, pct: 0 } } },
    };
    const wrapper = mountPanel(bySentiment, 'sentiment');
    expect(wrapper.findAll('thead th')).toHaveLength(4);
    expect(wrapper.find('[data-testid="compare-net-change"]').exists()).toBe(false);
  });
});
