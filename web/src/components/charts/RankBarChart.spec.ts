import { mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../../i18n';
import RankBarChart from './RankBarChart.vue';

// The canvas itself is ECharts' business; what is checked here is the text a screen reader gets.
const mountChart = () =>
  mount(RankBarChart, {
    props: {
      items: [
        { key: 'billing', label: 'Facturación', count: 1234 },
        { key: 'coverage', label: 'Cobertura', count: 56 },
      ],
    },
    global: { plugins: [i18n, createPinia()], stubs: { Echarts: true } },
  });

describe('RankBarChart text alternative', () => {
  it('holds the same rows as the bars, in the same order, with a caption in the UI language', async () => {
    setLocale('en');
    const wrapper = mountChart();
    const table = wrapper.get('.chart-table table');
    expect(table.get('caption').text()).toBe('Posts per value, biggest first');
    expect(table.findAll('thead th').map((th) => th.text())).toEqual(['Value', 'Posts']);
    const rows = table.findAll('tbody tr').map((tr) => [tr.get('th').text(), tr.get('td').text()]);
    expect(rows).toEqual([
      ['Facturación', '1,234'],
      ['Cobertura', '56'],
    ]);

    setLocale('es');
    await wrapper.vm.$nextTick();
    expect(table.get('caption').text()).toBe('Publicaciones por valor, de mayor a menor');
    expect(table.findAll('tbody td')[0]!.text()).toBe('1234');
  });
});
