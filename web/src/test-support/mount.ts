import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { defineComponent, h, type Component } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { i18n, setLocale, type Locale } from '../i18n';

/**
 * A view mounted as the router shows it: `view` on the first route, opened at `at`; the other
 * routes are there for its links (a stub each). Resolves once its first loads have answered.
 */
export async function mountView(view: Component, at: string, routes: ReadonlyArray<{ path: string; name: string }>, stubs: Record<string, boolean> = {}): Promise<VueWrapper> {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: routes.map((route, i) => ({ ...route, component: i === 0 ? view : { template: '<div />' } })),
  });
  await router.push(at);
  const wrapper = mount(view, { global: { plugins: [i18n, router], stubs }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

/** What a composable gives, as a component rendering it in `locale` shows it: one text per item `render` returns. */
export function renderedIn<T>(locale: Locale, use: () => T, render: (value: T) => string[]): string[] {
  setLocale(locale);
  const Probe = defineComponent({
    setup() {
      const value = use();
      return () => h('ol', render(value).map((text) => h('li', text)));
    },
  });
  return mount(Probe, { global: { plugins: [i18n] } }).findAll('li').map((li) => li.text());
}
