import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { i18n, setLocale } from '../i18n';
import { useFormat } from './useFormat';

/** What the composable formats, as a component rendering it in `locale` shows it. */
function rendered(locale: 'es' | 'en', render: (format: ReturnType<typeof useFormat>) => string[]): string[] {
  setLocale(locale);
  const Probe = defineComponent({
    setup() {
      const format = useFormat();
      return () => h('ol', render(format).map((text) => h('li', text)));
    },
  });
  return mount(Probe, { global: { plugins: [i18n] } }).findAll('li').map((li) => li.text());
}

describe('useFormat: amounts', () => {
  it('shows whole units from 100 up and cents below, in the reader’s notation', () => {
    const amounts = ({ formatAmount }: ReturnType<typeof useFormat>) => [formatAmount(21_566.815), formatAmount(2.256), formatAmount(100.4)];
    expect(rendered('es', amounts)).toEqual(['21.567', '2,26', '100']);
    expect(rendered('en', amounts)).toEqual(['21,567', '2.26', '100']);
  });
});
