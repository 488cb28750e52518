import { mount, RouterLinkStub } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AlertNotice } from '../api/types';
import { i18n, setLocale } from '../i18n';
import { useAlertsStore } from '../stores/alerts';
import AlertBanner from './AlertBanner.vue';

const notice = (changes: Partial<AlertNotice> = {}): AlertNotice => ({
  // Alert ids say nothing of their rule: the notice names it.
  id: 'negative-by-topic-mx4bs4lc-5ef5ef03',
  ruleId: 'negative-by-topic',
  ruleName: 'Negative posts by topic',
  scopeKey: 'topic=billing',
  state: 'open',
  severity: 'high',
  observed: 15,
  expected: 0,
  openedAt: '2026-12-01T06:43:00.000Z',
  regions: [],
  ...changes,
});

const mountBanner = () => mount(AlertBanner, { global: { plugins: [i18n], stubs: { RouterLink: RouterLinkStub } } });

describe('AlertBanner', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('names a default rule in the reader’s language, as the Alerts page does', () => {
    setLocale('es');
    useAlertsStore().notices = { [notice().id]: notice() };
    expect(mountBanner().get('strong').text()).toBe('Alerta: Negativos por tema');
  });

  it('shows a rule someone named as named', () => {
    setLocale('es');
    const named = notice({ id: 'noc-1', ruleId: 'noc', ruleName: 'Caídas del NOC' });
    useAlertsStore().notices = { [named.id]: named };
    expect(mountBanner().get('strong').text()).toBe('Alerta: Caídas del NOC');
  });
});
