import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../i18n';
import { LIVE_WINDOWS } from '../stores/live';
import WindowSelector from './WindowSelector.vue';

describe('WindowSelector', () => {
  it('offers every window, marks the current one and emits the clicked one', async () => {
    setLocale('en');
    const wrapper = mount(WindowSelector, { props: { modelValue: 60 }, global: { plugins: [i18n] } });
    const buttons = wrapper.findAll('button');
    expect(buttons.map((button) => Number(button.attributes('data-minutes')))).toEqual([...LIVE_WINDOWS]);
    expect(buttons.filter((button) => button.attributes('aria-pressed') === 'true').map((b) => b.attributes('data-minutes'))).toEqual(['60']);
    expect(wrapper.find('[data-minutes="15"]').text()).toMatch(/15/);

    await wrapper.find('[data-minutes="1440"]').trigger('click');
    expect(wrapper.emitted('update:modelValue')).toEqual([[1440]]);
  });
});
