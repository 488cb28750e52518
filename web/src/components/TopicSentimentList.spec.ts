import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../i18n';
import { useMetaStore } from '../stores/meta';
import TopicSentimentList from './TopicSentimentList.vue';

const items = [
  { key: 'billing', count: 40, sentiment: { positive: 5, neutral: 10, negative: 25, net: -0.5 } },
  { key: 'coverage', count: 12, sentiment: { positive: 9, neutral: 3, negative: 0, net: 0.75 } },
  { key: 'unknown_topic', count: 2, sentiment: { positive: 0, neutral: 2, negative: 0, net: 0 } },
];

describe('TopicSentimentList', () => {
  beforeEach(() => {
    const pinia = createPinia();
    setActivePinia(pinia);
    useMetaStore().meta.topicLabels = {
      billing: { es: 'Facturación', en: 'Billing' },
      coverage: { es: 'Cobertura y señal', en: 'Coverage and signal' },
    };
  });

  const mountList = () => mount(TopicSentimentList, { props: { items }, global: { plugins: [i18n] } });

  it('names topics by the taxonomy label in the UI language, never by id where a label exists', async () => {
    setLocale('es');
    const wrapper = mountList();
    const names = () => wrapper.findAll('tbody th').map((th) => th.text());
    expect(names()).toEqual(['Facturación', 'Cobertura y señal', 'unknown_topic']);
    setLocale('en');
    await wrapper.vm.$nextTick();
    expect(names()).toEqual(['Billing', 'Coverage and signal', 'unknown_topic']);
  });

  it('shows net sentiment per topic, signed, coloured by its sign', () => {
    setLocale('en');
    const wrapper = mountList();
    expect(wrapper.findAll('[data-testid="topic-net"]').map((n) => n.text())).toEqual(['-50%', '+75%', '0%']);
    expect(wrapper.find('[data-key="billing"] .topic-sentiment__net').classes()).toContain('is-negative');
    expect(wrapper.find('[data-key="coverage"] .topic-sentiment__net').classes()).toContain('is-positive');
    expect(wrapper.find('[data-key="billing"] .topic-sentiment__net').attributes('title')).toBe('5 positive · 10 neutral · 25 negative');
  });

  it('a topic opens its posts', async () => {
    const wrapper = mountList();
    await wrapper.find('[data-key="coverage"] button').trigger('click');
    expect(wrapper.emitted('select')).toEqual([['coverage']]);
  });
});
