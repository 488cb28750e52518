import { enableAutoUnmount, flushPromises, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertRuleView } from '../api/types';
import { setLocale } from '../i18n';
import { useAuthStore } from '../stores/auth';
import { useMetaStore } from '../stores/meta';
import { fakeApi, type RecordedCall } from '../test-support/fakeApi';
import { mountView } from '../test-support/mount';
import AlertsView from './AlertsView.vue';

const META = {
  topics: ['billing', 'coverage'],
  topicLabels: { billing: { es: 'Facturación', en: 'Billing' }, coverage: { es: 'Cobertura y señal', en: 'Coverage' } },
  sources: ['x', 'callcenter'],
  sentiments: ['negative', 'neutral', 'positive'],
  intents: ['complaint', 'outage', 'churn'],
  languages: ['es'],
  regions: [
    { id: 'caba', name: 'CABA' },
    { id: 'cordoba', name: 'Córdoba' },
  ],
  entities: [
    { id: 'aurora', name: 'Aurora Móvil', role: 'brand' },
    { id: 'pampatel', name: 'Pampa Tel', role: 'competitor' },
  ],
};

const aRule = (changes: Partial<AlertRuleView> = {}): AlertRuleView => ({
  id: 'outage',
  name: 'Outage',
  enabled: true,
  scope: { intents: ['outage'], excludeEntities: ['pampatel'] },
  sensitivity: 'high',
  minCount: 5,
  channels: { banner: true, webhook: { url: 'https://hooks.slack.com/services/T000/B000/secret-token' } },
  maxPerHour: 6,
  digestMinutes: 0,
  createdAt: '2026-11-30T10:00:00.000Z',
  updatedAt: '2026-11-30T10:00:00.000Z',
  ...changes,
});

const stored = (call: RecordedCall): AlertRuleView => ({ ...aRule(), ...(call.body as Partial<AlertRuleView>), updatedAt: '2026-12-01T10:00:00.000Z' });

// Mounted views are attached to the page (for focus): each goes before the next test.
enableAutoUnmount(afterEach);

describe('AlertsView: rules', () => {
  let api: ReturnType<typeof fakeApi>;
  let rules: AlertRuleView[];

  beforeEach(async () => {
    setActivePinia(createPinia());
    rules = [aRule(), aRule({ id: 'by-region', name: 'By region', scope: {}, splitBy: 'region', sensitivity: 'low', channels: { banner: true }, quietHours: { from: '23:00', to: '07:00' }, digestMinutes: 30 })];
    api = fakeApi({
      '/api/v1/meta': META,
      '/api/v1/alerts': [],
      'GET /api/v1/alert-rules': () => rules,
      'PUT /api/v1/alert-rules/outage': stored,
      'POST /api/v1/alert-rules': (call) => ({ ...stored(call), id: 'caidas-en-cordoba' }),
    });
    await useMetaStore().loadMeta();
    useAuthStore().user = { username: 'ana', role: 'service' };
  });
  afterEach(() => api.restore());

  const open = () =>
    mountView(AlertsView, '/alerts', [
      { path: '/alerts', name: 'alerts' },
      { path: '/history', name: 'history' },
    ]);
  const row = (view: VueWrapper, id: string) => view.get(`[data-testid="rule-row"][data-rule="${id}"]`);

  it('says what each rule watches and whom it tells, by labels, never printing a webhook’s secret path', async () => {
    setLocale('es');
    const view = await open();
    expect(row(view, 'outage').get('[data-testid="rule-facts"]').text()).toBe(
      'Intención: Caída del servicio · Sin mencionar a: Pampa Tel · Sensibilidad alta · desde 5 publicaciones · avisa en el tablero y webhook hooks.slack.com',
    );
    expect(row(view, 'by-region').get('[data-testid="rule-facts"]').text()).toBe(
      'Por cada región · Sensibilidad baja · desde 5 publicaciones · avisa en el tablero · silencio de 23:00 a 07:00 · resumen cada 30 min',
    );
    expect(view.html()).not.toContain('secret-token');
  });

  it('edits a rule in place: the form starts from it, and what the form does not show is kept', async () => {
    setLocale('en');
    const view = await open();
    await row(view, 'outage').get('[data-testid="rule-edit"]').trigger('click');
    expect(view.get('[data-testid="rule-form-title"]').text()).toBe('Editing “Outage”');
    expect((view.get('[data-testid="rule-name"]').element as HTMLInputElement).value).toBe('Outage');
    expect(document.activeElement).toBe(view.get('[data-testid="rule-name"]').element);
    expect(view.get('[data-testid="rule-intents-summary"]').text()).toBe('Outage');
    expect(view.get('[data-testid="rule-excludeEntities-summary"]').text()).toBe('Pampa Tel');

    await view.get('[data-testid="rule-sensitivity"]').setValue('medium');
    await view.get('[data-testid="rule-form"]').trigger('submit');
    await flushPromises();

    const put = api.calls.find((call) => call.method === 'PUT');
    expect(put?.path).toBe('/api/v1/alert-rules/outage');
    expect(put?.body).toEqual({
      id: 'outage',
      enabled: true,
      maxPerHour: 6,
      name: 'Outage',
      scope: { intents: ['outage'], excludeEntities: ['pampatel'] },
      sensitivity: 'medium',
      minCount: 5,
      digestMinutes: 0,
      channels: { banner: true, webhook: { url: 'https://hooks.slack.com/services/T000/B000/secret-token' } },
    });
    expect(row(view, 'outage').text()).toContain('Medium sensitivity');
    expect(view.get('[data-testid="rule-form-title"]').text()).toBe('New rule');
  });

  it('pauses a rule and resumes it, sending the whole rule back', async () => {
    setLocale('en');
    const view = await open();
    await row(view, 'outage').get('[data-testid="rule-toggle"]').trigger('click');
    await flushPromises();
    const put = api.calls.find((call) => call.method === 'PUT');
    expect(put?.body).toMatchObject({ id: 'outage', enabled: false, scope: { intents: ['outage'], excludeEntities: ['pampatel'] }, maxPerHour: 6 });
    expect(put?.body).not.toHaveProperty('createdAt');
    expect(row(view, 'outage').attributes('data-enabled')).toBe('false');
    expect(row(view, 'outage').get('[data-testid="rule-paused"]').text()).toBe('Paused');
    expect(row(view, 'outage').get('[data-testid="rule-toggle"]').text()).toBe('Resume');
  });

  it('adds a rule whose scope is picked by labels, not typed as ids', async () => {
    setLocale('es');
    const view = await open();
    await view.get('[data-testid="rule-name"]').setValue('Caídas en Córdoba');
    await view.get('[data-testid="rule-intents-option"][data-value="outage"]').setValue(true);
    await view.get('[data-testid="rule-regions-option"][data-value="cordoba"]').setValue(true);
    await view.get('[data-testid="rule-topics-option"][data-value="coverage"]').setValue(true);
    expect(view.get('[data-testid="rule-topics-summary"]').text()).toBe('Cobertura y señal');
    expect(view.get('[data-testid="rule-sources-summary"]').text()).toBe('Cualquiera');
    await view.get('[data-testid="rule-split"]').setValue('source');
    await view.get('[data-testid="rule-form"]').trigger('submit');
    await flushPromises();

    const post = api.calls.find((call) => call.method === 'POST');
    expect(post?.body).toEqual({
      name: 'Caídas en Córdoba',
      scope: { intents: ['outage'], topics: ['coverage'], regions: ['cordoba'] },
      splitBy: 'source',
      sensitivity: 'medium',
      minCount: 5,
      digestMinutes: 0,
      channels: { banner: true },
    });
    expect(view.find('[data-testid="rule-row"][data-rule="caidas-en-cordoba"]').exists()).toBe(true);
    // The form starts over for the next rule.
    expect((view.get('[data-testid="rule-name"]').element as HTMLInputElement).value).toBe('');
    expect(view.get('[data-testid="rule-intents-summary"]').text()).toBe('Cualquiera');
  });

  it('shows the rules without the form to a role that may not change them', async () => {
    useAuthStore().user = { username: 'mara', role: 'marketing' };
    const view = await open();
    expect(view.findAll('[data-testid="rule-row"]')).toHaveLength(2);
    expect(view.find('[data-testid="rule-form"]').exists()).toBe(false);
    expect(view.find('[data-testid="rule-edit"]').exists()).toBe(false);
  });
});
