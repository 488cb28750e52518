import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Taxonomy } from '../api/types';
import { fakeApi, reply } from '../test-support/fakeApi';
import { useTaxonomyStore } from './taxonomy';

const TAXONOMY: Taxonomy = {
  id: 'telecom',
  version: 3,
  groups: [
    { id: 'billing', label: { es: 'Facturación', en: 'Billing' }, query: { es: 'factura OR cobro', en: 'bill OR charge' } },
    { id: 'coverage', label: { es: 'Cobertura', en: 'Coverage' }, query: { es: 'señal', en: 'signal' } },
  ],
};

describe('taxonomy store', () => {
  let api: ReturnType<typeof fakeApi>;
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => api.restore());

  it('edits a draft: dirty once it differs from what is saved, clean again when put back', async () => {
    api = fakeApi({ '/api/v1/taxonomy': TAXONOMY, '/api/v1/taxonomy/recategorization': reply(404, { code: 'NOT_FOUND', message: 'none' }) });
    const taxonomy = useTaxonomyStore();
    await taxonomy.load();
    expect(taxonomy.dirty).toBe(false);
    expect(taxonomy.status).toBeNull();

    taxonomy.draft[0]!.query.en = 'bill OR invoice';
    expect(taxonomy.dirty).toBe(true);
    // The draft is a copy: editing it leaves what the server sent alone.
    expect(taxonomy.saved?.groups[0]!.query.en).toBe('bill OR charge');
    taxonomy.draft[0]!.query.en = 'bill OR charge';
    expect(taxonomy.dirty).toBe(false);
  });

  it('holds the server\'s message for a query it refuses, per group and language, until it is fixed', async () => {
    api = fakeApi({
      '/api/v1/taxonomy': TAXONOMY,
      '/api/v1/taxonomy/recategorization': reply(404),
      'POST /api/v1/taxonomy/validate': (call) =>
        (call.body as { query: string }).query.includes('((')
          ? reply(400, { code: 'INVALID_QUERY', message: 'unbalanced parenthesis at 1' })
          : { valid: true },
    });
    const taxonomy = useTaxonomyStore();
    await taxonomy.load();
    taxonomy.draft[1]!.query.es = '((señal';
    await taxonomy.validate(1, 'es');
    expect(taxonomy.problems).toEqual({ '1:es': 'unbalanced parenthesis at 1' });
    expect(taxonomy.valid).toBe(false);

    taxonomy.draft[1]!.query.es = 'señal OR antena';
    await taxonomy.validate(1, 'es');
    expect(taxonomy.problems).toEqual({});
    expect(taxonomy.valid).toBe(true);
  });

  it('refuses a group without a usable id', async () => {
    api = fakeApi({ '/api/v1/taxonomy': TAXONOMY, '/api/v1/taxonomy/recategorization': reply(404) });
    const taxonomy = useTaxonomyStore();
    await taxonomy.load();
    taxonomy.addGroup();
    expect(taxonomy.valid).toBe(false);
    taxonomy.draft[2]!.id = 'Plans & Prices';
    expect(taxonomy.valid).toBe(false);
    taxonomy.draft[2]!.id = 'plans';
    expect(taxonomy.valid).toBe(true);
    taxonomy.removeGroup(2);
    expect(taxonomy.draft.map((group) => group.id)).toEqual(['billing', 'coverage']);
  });

  it('saves the draft and starts following the re-categorisation it set off', async () => {
    const running = { version: 4, state: 'running', processed: 0, total: 10, startedAt: '2026-11-29T10:00:00.000Z' };
    api = fakeApi({
      'GET /api/v1/taxonomy': TAXONOMY,
      '/api/v1/taxonomy/recategorization': reply(404),
      'PUT /api/v1/taxonomy': (call) => ({ taxonomy: { ...(call.body as Taxonomy), version: 4 }, recategorization: running }),
    });
    const taxonomy = useTaxonomyStore();
    await taxonomy.load();
    taxonomy.draft[0]!.label!.en = 'Bills';
    await taxonomy.save();
    const put = api.calls.find((call) => call.method === 'PUT');
    expect((put?.body as Taxonomy).groups[0]!.label!.en).toBe('Bills');
    expect(taxonomy.saved?.version).toBe(4);
    expect(taxonomy.dirty).toBe(false);
    expect(taxonomy.status?.state).toBe('running');
    taxonomy.stop();
  });
});
