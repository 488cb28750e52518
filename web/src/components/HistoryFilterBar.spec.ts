import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../i18n';
import { useHistoryStore } from '../stores/history';
import { useMetaStore } from '../stores/meta';
import { fakeApi } from '../test-support/fakeApi';
import HistoryFilterBar from './HistoryFilterBar.vue';

const META = {
  topics: ['outage'],
  topicLabels: {},
  sources: ['x'],
  sentiments: ['negative', 'neutral', 'positive'],
  intents: ['complaint'],
  languages: ['es'],
  regions: [
    { id: 'caba', name: 'CABA' },
    { id: 'cordoba', name: 'Córdoba' },
    { id: 'neuquen', name: 'Neuquén' },
  ],
  entities: [
    { id: 'aurora', name: 'Aurora Móvil', role: 'brand' },
    { id: 'pampatel', name: 'Pampa Tel', role: 'competitor' },
    { id: 'vertice', name: 'Vértice', role: 'competitor' },
  ],
};

describe('HistoryFilterBar', () => {
  let api: ReturnType<typeof fakeApi>;
  beforeEach(async () => {
    setActivePinia(createPinia());
    api = fakeApi({ '/api/v1/meta': META });
    await useMetaStore().loadMeta();
  });
  afterEach(() => api.restore());

  const regionSelect = (wrapper: ReturnType<typeof mount>) => wrapper.get('[data-testid="history-filter-region"]');

  it('offers the regions the server lists, by their names, and filters by the chosen one', async () => {
    setLocale('es');
    const wrapper = mount(HistoryFilterBar, { global: { plugins: [i18n] } });
    const select = regionSelect(wrapper);
    expect(select.element.closest('label')?.querySelector('span')?.textContent).toBe('Región');
    const options = select.findAll('option');
    expect(options.map((o) => o.attributes('value'))).toEqual(['', 'caba', 'cordoba', 'neuquen']);
    expect(options.map((o) => o.text())).toEqual(['Todos', 'CABA', 'Córdoba', 'Neuquén']);

    await select.setValue('cordoba');
    const history = useHistoryStore();
    expect(history.selections.region).toEqual(['cordoba']);
    expect(history.filter.region).toEqual(['cordoba']);

    await select.setValue('');
    expect(history.selections.region).toEqual([]);
  });

  it('keeps a region chosen by a link selectable even when the server does not list it, under its id', async () => {
    setLocale('en');
    useHistoryStore().setSelection('region', ['atlantis']);
    const wrapper = mount(HistoryFilterBar, { global: { plugins: [i18n] } });
    const select = regionSelect(wrapper);
    expect(select.element.closest('label')?.querySelector('span')?.textContent).toBe('Region');
    expect(select.findAll('option').map((o) => o.text())).toEqual(['All', 'CABA', 'Córdoba', 'Neuquén', 'atlantis']);
    expect((select.element as HTMLSelectElement).value).toBe('atlantis');
  });

  it('filters by a brand, and leaves out all competitors at once, as the alert rules do', async () => {
    setLocale('en');
    const wrapper = mount(HistoryFilterBar, { global: { plugins: [i18n] } });
    const brand = wrapper.get('[data-testid="history-filter-entity"]');
    expect(brand.element.closest('label')?.querySelector('span')?.textContent).toBe('Brand');
    expect(brand.findAll('option').map((o) => o.text())).toEqual(['All', 'Aurora Móvil', 'Pampa Tel', 'Vértice']);
    await brand.setValue('aurora');
    const history = useHistoryStore();
    expect(history.filter.entity).toEqual(['aurora']);

    const leaveOut = wrapper.get('[data-testid="history-filter-excludeEntity"]');
    expect(leaveOut.findAll('option').map((o) => o.text())).toEqual(['Nobody', 'All competitors', 'Aurora Móvil', 'Pampa Tel', 'Vértice']);
    await leaveOut.setValue('pampatel,vertice');
    expect(history.filter.excludeEntity).toEqual(['pampatel', 'vertice']);
  });

  it('shows several keys a link chose as one option, named by their labels', async () => {
    setLocale('es');
    useHistoryStore().setSelection('excludeEntity', ['vertice', 'aurora']);
    useHistoryStore().setSelection('region', ['caba', 'cordoba']);
    const wrapper = mount(HistoryFilterBar, { global: { plugins: [i18n] } });
    const leaveOut = wrapper.get('[data-testid="history-filter-excludeEntity"]');
    expect(leaveOut.element.closest('label')?.querySelector('span')?.textContent).toBe('Sin mencionar a');
    expect(leaveOut.findAll('option').at(-1)?.text()).toBe('Vértice, Aurora Móvil');
    expect((leaveOut.element as HTMLSelectElement).value).toBe('vertice,aurora');
    expect((regionSelect(wrapper).element as HTMLSelectElement).value).toBe('caba,cordoba');
    expect(regionSelect(wrapper).findAll('option').at(-1)?.text()).toBe('CABA, Córdoba');
  });
});
