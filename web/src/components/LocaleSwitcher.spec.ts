import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../i18n';
import LocaleSwitcher from './LocaleSwitcher.vue';

describe('LocaleSwitcher', () => {
  it('switches the UI language, marks it, and keeps the choice for the next visit', async () => {
    setLocale('es');
    const wrapper = mount(LocaleSwitcher, { global: { plugins: [i18n] } });
    expect(wrapper.find('[data-testid="locale-es"]').attributes('aria-pressed')).toBe('true');

    await wrapper.find('[data-testid="locale-en"]').trigger('click');
    expect(i18n.global.locale.value).toBe('en');
    expect(wrapper.find('[data-testid="locale-en"]').attributes('aria-pressed')).toBe('true');
    expect(localStorage.getItem('escucha.locale')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });
});
