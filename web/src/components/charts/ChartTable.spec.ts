import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ChartTable from './ChartTable.vue';

const rows = [
  { key: 'billing', label: 'Billing', values: ['12'] },
  { key: '__other__', label: 'Other', values: ['3'] },
];

describe('ChartTable', () => {
  it('reads a chart as a table: caption, column headers, one row per bar', () => {
    const wrapper = mount(ChartTable, { props: { caption: 'Posts per topic', columns: ['Topic', 'Posts'], rows } });
    expect(wrapper.find('caption').text()).toBe('Posts per topic');
    expect(wrapper.findAll('thead th').map((th) => th.text())).toEqual(['Topic', 'Posts']);
    expect(wrapper.findAll('tbody tr').map((tr) => tr.text())).toEqual(['Billing12', 'Other3']);
    // A chart nobody can click has nothing to press in its table either.
    expect(wrapper.findAll('button')).toHaveLength(0);
  });

  it('gives a selectable chart one button per row, except the rows that cannot be filtered on', async () => {
    const wrapper = mount(ChartTable, {
      props: { caption: 'c', columns: ['Topic', 'Posts'], rows, selectable: true, inert: ['__other__'] },
    });
    const buttons = wrapper.findAll('[data-testid="chart-table-select"]');
    expect(buttons.map((button) => button.attributes('data-key'))).toEqual(['billing']);
    expect(buttons[0]!.text()).toBe('Billing');

    await buttons[0]!.trigger('click');
    expect(wrapper.emitted('select')).toEqual([['billing']]);
  });
});
