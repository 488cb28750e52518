import { mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import type { AuthorEntry } from '../api/types';
import { i18n, setLocale } from '../i18n';
import TopAuthorsTable from './TopAuthorsTable.vue';

const author = (key: string, overrides: Partial<AuthorEntry> = {}): AuthorEntry => ({
  key,
  count: 3,
  handle: `@${key}`,
  source: 'x',
  followers: 1500,
  ...overrides,
});

describe('TopAuthorsTable', () => {
  const mountTable = (items: AuthorEntry[]) => mount(TopAuthorsTable, { props: { items }, global: { plugins: [i18n, createPinia()] } });

  it('shows the name with the handle under it, or the handle alone, and opens an author by id', async () => {
    setLocale('en');
    const table = mountTable([author('u1', { name: 'Ana Gómez', count: 1234 }), author('u2')]);
    const rows = table.findAll('tbody tr');
    expect(rows[0]!.find('strong').text()).toBe('Ana Gómez');
    expect(rows[0]!.find('small').text()).toBe('@u1');
    expect(rows[1]!.find('strong').text()).toBe('@u2');
    expect(rows[1]!.find('small').exists()).toBe(false);
    expect(rows[0]!.findAll('td').at(-1)!.text()).toBe('1,234');

    await rows[1]!.find('button').trigger('click');
    expect(table.emitted('select')).toEqual([['u2']]);
  });

  it('says there is no data rather than drawing an empty table', () => {
    setLocale('en');
    const table = mountTable([]);
    expect(table.find('table').exists()).toBe(false);
    expect(table.text()).toBe(i18n.global.t('common.noData'));
  });
});
