import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElasticsearch, type RunningElasticsearch } from '../support/elasticsearch';
import { aPostInput } from '../support/post-inputs';
import { TestServer, waitFor } from '../support/server';

interface ProfilePost {
  id: string;
  source: string;
  text: string;
  intents: string[];
  sentiment: { label: string };
  customerId?: string;
}

interface Profile {
  customer: { id: string; name: string; emails: string[] };
  identities: Array<{ author: string; method: string; confidence: number; status: string; handle?: string }>;
  channels: Array<{ source: string; posts: number; intents: Record<string, number> }>;
  sentiment: { interval: string; buckets: Array<{ ts: string; posts: number }> };
  topics: Array<{ key: string; count: number }>;
  intents: Array<{ key: string; count: number }>;
  churn: { risk: number; evidence: ProfilePost[]; contributions: Record<string, number> };
  network: { items: Array<{ author: string; handle: string; direction: string; customerId?: string }> };
  timeline: { total: number; items: ProfilePost[]; nextCursor?: string };
  truncated: boolean;
}

interface SearchedPost {
  id: string;
  source: string;
  text: string;
  author: { id: string; handle: string; name?: string };
  customerId?: string;
  customerRef?: string;
  regions?: string[];
}

interface Recommendations {
  items: Array<{ offerId: string; reasons: Array<{ code: string }> }>;
}

const RANGE = `from=2026-01-01T00:00:00Z&to=2030-01-01T00:00:00Z`;
const ANA = {
  id: 'C1',
  name: 'Anabela Quiroga',
  emails: ['anabela.quiroga@correo.com'],
  phones: ['+5491155550001'],
  handles: { x: 'anaq' },
  city: 'Rosario',
  segment: 'residential',
  products: ['mobile'],
  value: 500,
  birthDate: '1990-04-01',
  consent: { marketing: true },
};
const similar = (id: string, name: string) => ({ ...ANA, id, name, emails: [], phones: [], handles: {} });
const OFFER = (name: string) => ({ name, value: 100, rules: [{ kind: 'minAge', years: 18 }, { kind: 'consent', purpose: 'marketing' }], active: true });

const footprints: Array<[string, () => Promise<{ env: Record<string, string>; stop: () => Promise<void> }>]> = [
  ['embedded (DuckDB)', async () => ({ env: {}, stop: async () => undefined })],
  [
    'scale-out store (Elasticsearch)',
    async () => {
      const es: RunningElasticsearch = await startElasticsearch();
      return { env: { STORE: 'elasticsearch', ELASTICSEARCH_URL: es.url, ELASTICSEARCH_INDEX_PREFIX: `profile${Date.now().toString(36)}` }, stop: () => es.stop() };
    },
  ],
];

describe.each(footprints)('customer profile, next best action, privacy and erasure, %s', (_name, footprint) => {
  let server: TestServer;
  let stopStore: () => Promise<void> = async () => undefined;
  const tokens: Record<string, string> = {};
  const now = Date.now();
  const ago = (days: number) => new Date(now - days * 86_400_000).toISOString();
  const anaPosts = [
    aPostInput({ source: 'x', createdAt: ago(2), author: { id: 'xa1', handle: 'anaq', name: 'Anabela Quiroga', bio: 'anabela.quiroga@correo.com', location: 'Rosario, Santa Fe' }, text: 'Sin señal desde ayer, una vergüenza, pésimo servicio @brunod' }),
    aPostInput({ source: 'x', createdAt: ago(40), author: { id: 'xa1', handle: 'anaq', name: 'Anabela Quiroga' }, text: 'Excelente atención, gracias, muy contenta' }),
  ];
  const callRecord = aPostInput({
    source: 'callcenter',
    createdAt: ago(1),
    customerId: 'C1',
    author: { id: 'line-77', handle: 'Anabela Quiroga', name: 'Anabela Quiroga' },
    text: 'Anabela Quiroga llama enojada por un cobro duplicado en la factura, pésimo, quiere la baja. Tel +5491155550001',
  });
  const brunoPost = aPostInput({ source: 'x', createdAt: ago(3), author: { id: 'xb1', handle: 'brunod', name: 'Bruno Díaz' }, text: 'A mí también me pasa @anaq, qué mal' });

  beforeAll(async () => {
    const store = await footprint();
    stopStore = store.stop;
    server = new TestServer({ ...store.env, SERVE_WEB: 'off' }, 120_000);
    await server.start();
    tokens.admin = await server.login();
    for (const [username, role] of [['svc', 'service'], ['ana', 'analyst'], ['mara', 'marketing']]) {
      expect((await server.request('POST', '/api/v1/users', { username, password: `${username}-Escucha-2026-pass`, role })).status).toBe(201);
      tokens[role] = await server.login(username, `${username}-Escucha-2026-pass`);
    }
    const customers = [ANA, { ...similar('C2', 'Bruno Díaz'), handles: { x: 'brunod' } }, ...['C3', 'C4', 'C5', 'C6', 'C7'].map((id, i) => similar(id, `Persona ${['Uno', 'Dos', 'Tres', 'Cuatro', 'Cinco'][i]}`))];
    expect((await server.request('POST', '/api/v1/customers', customers)).status).toBe(200);
    expect((await server.request('POST', '/api/v1/posts', [...anaPosts, callRecord, brunoPost, aPostInput({ createdAt: ago(1) })])).status).toBe(202);
    await waitFor(
      'the posts to be linked to their customers',
      async () => {
        const page = (await server.get<{ total: number }>(`/api/v1/posts?${RANGE}&customer=C1`)).body;
        return page.total === 3 ? true : undefined;
      },
      60_000,
    );
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    await stopStore();
  });

  const profileOf = (id: string, query = '', token = tokens.service) => server.get<Profile>(`/api/v1/customers/${id}/profile${query}`, token);

  it('profiles a customer across channels: identities, timeline, sentiment, topics, churn risk with its posts, network', async () => {
    const { status, body } = await profileOf('C1');
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.customer).toMatchObject({ id: 'C1', name: ANA.name });
    expect(body.identities.filter((i) => i.status === 'linked')).toEqual([expect.objectContaining({ author: 'x:xa1', method: 'handle', confidence: 1, handle: 'anaq' })]);
    // Suggestions (the call line's name looks like hers) are shown for a person to decide, and never count as hers.
    expect(body.identities.every((i) => i.status === 'linked' || i.status === 'suggested')).toBe(true);
    expect(body.timeline.total).toBe(3);
    expect(body.timeline.items.map((p) => p.source)).toEqual(['callcenter', 'x', 'x']);
    expect(body.channels.map((c) => [c.source, c.posts]).sort()).toEqual([
      ['callcenter', 1],
      ['x', 2],
    ]);
    expect(body.sentiment.interval).toBe('week');
    expect(body.sentiment.buckets.reduce((sum, b) => sum + b.posts, 0)).toBe(3);
    expect(body.churn.risk).toBeGreaterThan(0);
    expect(body.churn.risk).toBeLessThanOrEqual(1);
    expect(body.churn.evidence.length).toBeGreaterThan(0);
    const mine = new Set(body.timeline.items.map((p) => p.id));
    for (const post of body.churn.evidence) {
      expect(mine.has(post.id)).toBe(true);
      expect(post.intents.includes('churn') || post.intents.includes('complaint') || post.sentiment.label === 'negative').toBe(true);
    }
    const sum = Object.values(body.churn.contributions).reduce((a, b) => a + b, 0);
    expect(body.churn.risk).toBeCloseTo(Math.min(1, sum), 3);
    // Bruno (another customer) wrote @anaq; Ana wrote @brunod.
    expect(body.network.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ author: 'x:xb1', direction: 'mentioned-by', customerId: 'C2' }),
        expect.objectContaining({ author: 'x:xb1', handle: 'brunod', direction: 'mentions', customerId: 'C2' }),
      ]),
    );
  });

  it('finds a customer by id, email or phone in a local form, for the personal roles only', async () => {
    const find = (q: string, token = tokens.service) => server.get<{ items: Array<{ id: string; name: string }> }>(`/api/v1/customers?q=${encodeURIComponent(q)}`, token);
    for (const q of ['C1', 'Anabela.Quiroga@correo.com', '011 15-5555-0001', '+5491155550001']) {
      expect((await find(q)).body.items.map((c) => c.id), q).toEqual(['C1']);
    }
    expect((await find('nadie@correo.com')).body.items).toEqual([]);
    expect((await find('C1', tokens.analyst)).status).toBe(403);
  });

  it('pages the timeline newest first with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await profileOf('C1', `?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).body.timeline;
      expect(page.items).toHaveLength(1);
      seen.push(page.items[0].id);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual((await profileOf('C1')).body.timeline.items.map((p) => p.id));
    expect((await profileOf('C1', '?limit=0')).status).toBe(400);
  });

  it('reads the newest 5,000 posts of a customer with more, and says so', async () => {
    // C7's call-centre records: one a minute, before the range the other tests read, in two requests of the ingest's largest size.
    const newest = Date.parse('2025-12-31T00:00:00Z');
    const records = Array.from({ length: 5_001 }, (_, i) =>
      aPostInput({ source: 'callcenter', customerId: 'C7', createdAt: new Date(newest - i * 60_000).toISOString(), author: { id: 'line-9', handle: 'line-9' }, text: `llamada ${i}` }),
    );
    for (const chunk of [records.slice(0, 5_000), records.slice(5_000)]) expect((await server.request('POST', '/api/v1/posts', chunk)).status).toBe(202);
    const stored = async () => (await server.get<{ total: number }>(`/api/v1/posts?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&customer=C7&limit=1`)).body.total;
    await waitFor('the records to be stored', async () => ((await stored()) === 5_001 ? true : undefined), 120_000);
    const { status, body } = await profileOf('C7', '?limit=2');
    expect(status).toBe(200);
    expect(body).toMatchObject({ truncated: true, timeline: { total: 5_000 } });
    expect(body.timeline.items.map((p) => p.text)).toEqual(['llamada 0', 'llamada 1']);
    expect(body.channels).toEqual([expect.objectContaining({ source: 'callcenter', posts: 5_000 })]);
    expect((await profileOf('C1')).body).toMatchObject({ truncated: false });
  }, 180_000);

  it('refuses customer routes to roles that see aggregates only (403), and erasure to all but admins', async () => {
    for (const role of ['analyst', 'marketing']) {
      const token = tokens[role];
      expect((await server.get('/api/v1/customers/C1', token)).status).toBe(403);
      expect((await profileOf('C1', '', token)).status).toBe(403);
      expect((await server.get('/api/v1/customers/C1/next-best-actions', token)).status).toBe(403);
      expect((await server.request('POST', '/api/v1/customers/C1/offers/a-plan/responses', { accepted: true }, token)).status).toBe(403);
      expect((await server.request('DELETE', '/api/v1/customers/C1', undefined, token)).status).toBe(403);
      expect((await server.get(`/api/v1/posts?${RANGE}&customer=C1`, token)).status).toBe(403);
      expect((await server.get(`/api/v1/history/breakdown?${RANGE}&customer=C1`, token)).status).toBe(403);
      expect((await server.get('/api/v1/audit?action=customer.read', token)).status).toBe(403);
    }
    expect((await server.request('DELETE', '/api/v1/customers/C1', undefined, tokens.service)).status).toBe(403);
    expect((await profileOf('nobody')).status).toBe(404);
  });

  it('gives analysts and marketing pseudonymous ids instead of customer ids and personal fields', async () => {
    const admin = (await server.get<{ items: SearchedPost[] }>(`/api/v1/posts?${RANGE}&limit=500`)).body.items;
    expect(admin.find((p) => p.source === 'callcenter')).toMatchObject({ customerId: 'C1', author: { id: 'line-77', name: ANA.name } });
    // Her profile says Rosario and the text names no place: the region comes from the location alone.
    const located = admin.find((p) => p.text.startsWith('Sin señal desde ayer, una vergüenza, pésimo servicio'))!;
    expect(located.regions).toEqual(['santa-fe']);
    const refs = new Set<string>();
    for (const role of ['analyst', 'marketing']) {
      const items = (await server.get<{ items: SearchedPost[] }>(`/api/v1/posts?${RANGE}&limit=500`, tokens[role])).body.items;
      expect(items).toHaveLength(admin.length);
      for (const post of items) {
        expect(post).not.toHaveProperty('customerId');
        expect(post.author).not.toHaveProperty('bio');
      }
      expect(items.find((p) => p.id === located.id)!.regions).toEqual([]);
      const call = items.find((p) => p.source === 'callcenter')!;
      expect(call.author).not.toHaveProperty('name');
      expect(call.author.id).toMatch(/^p_[0-9a-f]{20}$/);
      expect(call.customerRef).toMatch(/^p_[0-9a-f]{20}$/);
      // One customer, one pseudonym: her linked public posts carry the same reference as her call.
      const hers = new Set(admin.filter((p) => p.customerId === 'C1').map((p) => p.id));
      expect(hers.size).toBe(3);
      expect(new Set(items.filter((p) => hers.has(p.id)).map((p) => p.customerRef))).toEqual(new Set([call.customerRef]));
      const bruno = items.find((p) => admin.find((a) => a.id === p.id)?.customerId === 'C2')!;
      expect(bruno.customerRef).toMatch(/^p_/);
      expect(bruno.customerRef).not.toBe(call.customerRef);
      refs.add(call.customerRef!);
      expect(call.customerRef).not.toContain('C1');

      const exported = await fetch(`${server.url}/api/v1/posts/export?${RANGE}&format=ndjson`, { headers: { authorization: `Bearer ${tokens[role]}` } });
      const text = await exported.text();
      expect(exported.status).toBe(200);
      expect(text).not.toContain('"customerId"');
      expect(text).not.toContain('line-77');
      expect(text).toContain(call.customerRef!);
      const csv = await (await fetch(`${server.url}/api/v1/posts/export?${RANGE}&format=csv`, { headers: { authorization: `Bearer ${tokens[role]}` } })).text();
      expect(csv).not.toContain(',C1,');

      const authors = (await server.get<{ items: Array<{ key: string; handle: string; name?: string; source: string }> }>(`/api/v1/history/authors?${RANGE}&limit=100`, tokens[role])).body.items;
      const caller = authors.find((a) => a.source === 'callcenter')!;
      expect(caller.key).toMatch(/^p_/);
      expect(caller).not.toHaveProperty('name');
    }
    expect(refs.size).toBe(1);
    const adminAuthors = (await server.get<{ items: Array<{ key: string; source: string }> }>(`/api/v1/history/authors?${RANGE}&limit=100`)).body.items;
    expect(adminAuthors.find((a) => a.source === 'callcenter')?.key).toBe('line-77');
  });

  it('audits every read of a customer, for admins to query', async () => {
    await profileOf('C2');
    await server.get('/api/v1/customers/C2', tokens.service);
    const entries = await waitFor('the audit entries', async () => {
      const page = (await server.get<{ items: Array<{ actor: string; action: string; target: string; details: { view: string } }> }>('/api/v1/audit?action=customer.read&target=C2')).body;
      return page.items.length >= 2 ? page.items : undefined;
    });
    expect(entries.map((e) => [e.actor, e.details.view]).sort()).toEqual([
      ['svc', 'profile'],
      ['svc', 'record'],
    ]);
  });

  it('ranks the next best actions, and similar customers answers recorded through the API change the ranking', async () => {
    expect((await server.request('PUT', '/api/v1/offers/a-plan', OFFER('Plan A'))).status).toBe(200);
    expect((await server.request('PUT', '/api/v1/offers/b-plan', OFFER('Plan B'))).status).toBe(200);
    const before = await server.get<Recommendations>('/api/v1/customers/C1/next-best-actions', tokens.service);
    expect(before.status).toBe(200);
    expect(before.body.items.map((r) => r.offerId)).toEqual(['a-plan', 'b-plan']);

    for (const id of ['C3', 'C4', 'C5', 'C6', 'C7']) {
      const declined = await server.request<{ by: string; accepted: boolean; facts: { id: string; products: string[] } }>('POST', `/api/v1/customers/${id}/offers/a-plan/responses`, { accepted: false }, tokens.service);
      expect(declined.status, JSON.stringify(declined.body)).toBe(201);
      expect(declined.body).toMatchObject({ by: 'svc', accepted: false, facts: { id, products: ['mobile'] } });
      expect((await server.request('POST', `/api/v1/customers/${id}/offers/b-plan/responses`, { accepted: true }, tokens.service)).status).toBe(201);
    }
    const after = (await server.get<Recommendations>('/api/v1/customers/C1/next-best-actions', tokens.service)).body;
    expect(after.items.map((r) => r.offerId)).toEqual(['b-plan', 'a-plan']);
    expect(after.items[0].reasons.map((r) => r.code)).toContain('similar-customers');

    expect((await server.request('POST', '/api/v1/customers/C1/offers/nope/responses', { accepted: true }, tokens.service)).status).toBe(404);
    expect((await server.request('POST', '/api/v1/customers/C1/offers/b-plan/responses', { accepted: 'yes' }, tokens.service)).status).toBe(400);
    // Ana's own answer, which erasure must turn into a count.
    expect((await server.request('POST', '/api/v1/customers/C1/offers/b-plan/responses', { accepted: true }, tokens.service)).status).toBe(201);
  });

  it('erases a customer from every store and index, keeps anonymous counts, and logs it', async () => {
    const offerBefore = (await server.get<{ erased: { accepted: number } }>('/api/v1/offers/b-plan')).body.erased.accepted;
    const totalBefore = (await server.get<{ total: number }>(`/api/v1/posts?${RANGE}`)).body.total;
    // Her profile says Rosario: the region stored from it goes with the profile.
    const fromRosario = async () => (await server.get<{ total: number }>(`/api/v1/posts?${RANGE}&region=santa-fe`)).body.total;
    const rosarioBefore = await fromRosario();
    expect(rosarioBefore).toBeGreaterThanOrEqual(1);
    const erased = await server.request<{ erased: { customer: boolean; links: number; offerResponses: number; posts: number } }>('DELETE', '/api/v1/customers/C1');
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body.erased).toMatchObject({ customer: true, offerResponses: 1, posts: 3 });
    expect(erased.body.erased.links).toBeGreaterThanOrEqual(1);

    expect((await server.get('/api/v1/customers/C1', tokens.service)).status).toBe(404);
    for (const q of ['C1', ANA.emails[0], ANA.phones[0], ANA.name]) {
      expect((await server.get<{ items: unknown[] }>(`/api/v1/customers?q=${encodeURIComponent(q)}`)).body.items, q).toEqual([]);
    }
    expect((await profileOf('C1')).status).toBe(404);
    expect((await server.get('/api/v1/customers/C1/next-best-actions', tokens.service)).status).toBe(404);
    for (const status of ['linked', 'suggested', 'rejected']) {
      const links = (await server.get<{ items: Array<{ author: string; customerId: string }> }>(`/api/v1/identity/links?status=${status}&limit=500`)).body.items;
      expect(links.filter((l) => l.customerId === 'C1' || l.author === 'x:xa1')).toEqual([]);
    }
    expect((await server.get<{ total: number }>(`/api/v1/posts?${RANGE}&customer=C1`)).body.total).toBe(0);
    expect((await server.get<{ total: number }>(`/api/v1/posts?${RANGE}&author=xa1`)).body.total).toBe(0);
    expect(await fromRosario()).toBe(rosarioBefore - 1);
    expect((await server.get<{ total: number }>(`/api/v1/posts?${RANGE}&author=line-77`)).body.total).toBe(0);
    for (const words of ['Anabela', 'Quiroga', '5491155550001', 'anabela.quiroga']) {
      expect((await server.get<{ total: number }>(`/api/v1/posts?${RANGE}&q=${encodeURIComponent(words)}`)).body.total, words).toBe(0);
    }
    const exported = await (await fetch(`${server.url}/api/v1/posts/export?${RANGE}&format=ndjson`, { headers: { authorization: `Bearer ${tokens.admin}` } })).text();
    // Bruno's own post still says @anaq: a handle in someone else's words, tied to nobody now.
    for (const trace of ['"C1"', 'Anabela', 'Quiroga', '5491155550001', 'anabela.quiroga@correo.com', 'xa1', 'line-77']) expect(exported, trace).not.toContain(trace);
    const authors = JSON.stringify((await server.get(`/api/v1/history/authors?${RANGE}&limit=100`)).body);
    for (const trace of ['Anabela', 'anaq', 'xa1', 'line-77']) expect(authors, trace).not.toContain(trace);
    expect(JSON.stringify((await server.get(`/api/v1/history/terms?${RANGE}&limit=200`)).body)).not.toMatch(/anabela|quiroga/i);

    // Anonymous counts stay: the posts still count, and her answer is a number on the offer.
    expect((await server.get<{ total: number }>(`/api/v1/posts?${RANGE}`)).body.total).toBe(totalBefore);
    expect((await server.get<{ erased: { accepted: number } }>('/api/v1/offers/b-plan')).body.erased.accepted).toBe(offerBefore + 1);
    const audit = (await server.get<{ items: Array<{ actor: string; details: Record<string, unknown> }> }>('/api/v1/audit?action=customer.erase&target=C1')).body.items;
    expect(audit).toEqual([expect.objectContaining({ actor: 'admin', details: expect.objectContaining({ posts: 3, links: erased.body.erased.links }) })]);
    // A second erasure finds nothing left.
    expect((await server.request('DELETE', '/api/v1/customers/C1')).status).toBe(404);
    // Others are untouched.
    expect((await profileOf('C2')).status).toBe(200);
  });

  it('lists the customers to call back: those who spoke of leaving first, then by complaints, over the last hours, for the personal roles only', async () => {
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    const record = (customerId: string, text: string, m: number) => aPostInput({ source: 'callcenter', customerId, createdAt: minutesAgo(m), author: { id: `line-${customerId}`, handle: customerId }, text });
    const records = [
      record('C3', 'Reclamo por un cobro indebido en la factura, pésimo servicio', 50),
      record('C3', 'Llama otra vez por el cobro indebido, sigue sin solución, está furioso', 20),
      record('C4', 'Quiere dar de baja la línea, se pasa a otra compañía', 30),
      record('C5', 'Consulta por el saldo de la factura', 10),
      // Before the span asked for: it does not count.
      record('C5', 'Reclamo por un cobro indebido en la factura, pésimo servicio', 200),
    ];
    expect((await server.request('POST', '/api/v1/posts', records)).status).toBe(202);
    await server.waitForTotal(`${RANGE}&source=callcenter&customer=C5`, 2);
    await server.waitForTotal(`${RANGE}&source=callcenter&customer=C3`, 2);

    const attention = await server.get<{ from: string; to: string; items: Array<{ id: string; name: string; posts: number; churn: number }> }>('/api/v1/customers/attention?hours=2', tokens.service);
    expect(attention.status).toBe(200);
    expect(Date.parse(attention.body.to) - Date.parse(attention.body.from)).toBe(2 * 3_600_000);
    // C4 said once they are leaving; C3 complained twice but never spoke of leaving.
    expect(attention.body.items).toEqual([
      { id: 'C4', name: 'Persona Dos', city: 'Rosario', posts: 1, churn: 1 },
      { id: 'C3', name: 'Persona Uno', city: 'Rosario', posts: 2, churn: 0 },
    ]);
    expect((await server.get<{ items: Array<{ id: string }> }>('/api/v1/customers/attention?hours=2&limit=1', tokens.service)).body.items.map((i) => i.id)).toEqual(['C4']);
    expect((await server.get('/api/v1/customers/attention?hours=0', tokens.service)).status).toBe(400);
    expect((await server.get('/api/v1/customers/attention', tokens.analyst)).status).toBe(403);
    const audit = (await server.get<{ items: Array<{ action: string; actor: string; details?: { view?: string } }> }>('/api/v1/audit?action=customer.search&limit=50')).body.items;
    expect(audit.some((entry) => entry.actor === 'svc' && entry.details?.view === 'attention')).toBe(true);
  });
});
