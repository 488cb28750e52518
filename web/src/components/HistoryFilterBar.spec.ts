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
});
