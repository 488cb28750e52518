import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, waitFor } from '../support/server';

interface Page<T> {
  total: number;
  items: T[];
}
interface WirePost {
  id: string;
  source: string;
  customerId?: string;
}
interface Link {
  author: string;
  customerId: string;
  method: string;
  status: string;
}
interface Offer {
  id: string;
  name: string;
  value: number;
  rules: unknown[];
  targets?: unknown;
  active: boolean;
}

const INTERNAL_AUTHOR = /^(callcenter|assistant|email):/;
const PLACED_OUTAGE = /demo: an outage in (.+) from (\S+) to (\S+)/;

/** Waits for a line of the server's log, where the demo's steps show. */
async function logged(server: TestServer, text: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(`the log to show "${text}"`, async () => (server.log.includes(text) ? true : undefined), timeoutMs);
}

/** The runner's start line comes once the CRM step is over and the stream has started. */
const streamOn = (server: TestServer) => logged(server, 'demo stream on');

describe('the demo stream with its CRM (DEMO=on)', () => {
  // One day of history keeps the backfill to a few seconds; the log shows the demo's steps.
  const server = new TestServer({ DEMO: 'on', DEMO_BACKFILL_DAYS: '1', SERVE_WEB: 'off', LOG_LEVEL: 'log' });

  beforeAll(async () => {
    await server.start();
    await server.login();
    await logged(server, 'demo: backfill done', 120_000);
  }, 150_000);
  afterAll(() => server.stop());

  it('writes its customers and offers before the backfill, so a call-centre record opens its customer, profile and next best action', async () => {
    expect(server.log).toMatch(/demo CRM: \d{3,} customers, 4 offers/);
    expect(server.log.indexOf('demo CRM:')).toBeLessThan(server.log.indexOf('demo: backfilling'));
    // The first start places an outage DEMO_FIRST_OUTAGE_MINUTES (10) ahead, so an alert shows soon.
    const [, , start] = server.log.match(PLACED_OUTAGE) ?? [];
    expect(Date.parse(start) - Date.now()).toBeGreaterThan(8 * 60_000);
    expect(Date.parse(start) - Date.now()).toBeLessThanOrEqual(10 * 60_000);

    const [record] = (await server.get<Page<WirePost>>('/api/v1/posts?source=callcenter&limit=1')).body.items;
    expect(record.customerId).toMatch(/^AUR-\d{7}$/);
    const found = (await server.get<{ items: Array<{ id: string; name: string }> }>(`/api/v1/customers?q=${record.customerId}`)).body.items;
    expect(found).toEqual([expect.objectContaining({ id: record.customerId })]);

    const profile = await server.get<{ timeline: Page<{ id: string }>; channels: Array<{ source: string; posts: number }> }>(`/api/v1/customers/${record.customerId}/profile?limit=100`);
    expect(profile.status).toBe(200);
    expect(profile.body.timeline.items.map((item) => item.id)).toContain(record.id);
    expect(profile.body.channels).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'callcenter' })]));

    const actions = await server.get<{ items: Array<{ offerId: string }> }>(`/api/v1/customers/${record.customerId}/next-best-actions`);
    expect(actions.status).toBe(200);
    expect(actions.body.items.length).toBeGreaterThan(0);
    expect(actions.body.items.every((action) => action.offerId.startsWith('demo-'))).toBe(true);
  });

  it('lets alert detection learn from the whole backfill, so the first live minutes open no alert against a silent baseline', async () => {
    await logged(server, 'alert detection on:');
    const [, replayed, from, to] = server.log.match(/baselines from (\d+) posts of the last 48 h \((\S+) to (\S+)\)/) ?? [];
    // Learned from fewer posts than the store holds for the same span, it took over while the backfill was still in the queue.
    const stored = (await server.get<Page<WirePost>>(`/api/v1/posts?from=${from}&to=${to}&limit=1`)).body.total;
    expect(stored).toBeGreaterThan(10_000);
    expect(Number(replayed)).toBe(stored);
    // Checked after the replay's judged buckets, on the live minutes alone: the placed outage is minutes ahead.
    const alerts = (await server.get<Array<{ expected: number; ruleName: string }>>('/api/v1/alerts')).body;
    expect(alerts.filter((alert) => alert.expected < 1)).toEqual([]);
  });

  it('links social authors to its customers by declared handle and by name, and never matches a record that names its customer', async () => {
    const links = await Promise.all(
      ['linked', 'suggested'].map(async (status) => (await server.get<Page<Link>>(`/api/v1/identity/links?status=${status}&limit=500`)).body),
    );
    const [linked, suggested] = links;
    expect(new Set(linked.items.map((link) => link.method))).toEqual(new Set(['handle', 'fuzzy']));
    expect([...linked.items, ...suggested.items].filter((link) => INTERNAL_AUTHOR.test(link.author))).toEqual([]);
    // A linked author's posts carry the customer, so the profile shows them beside the company's records.
    const withSocial = linked.items.find((link) => link.method === 'handle')!;
    const profile = await server.get<{ channels: Array<{ source: string }> }>(`/api/v1/customers/${withSocial.customerId}/profile?limit=1`);
    expect(profile.body.channels.map((channel) => channel.source)).toContain(withSocial.author.slice(0, withSocial.author.indexOf(':')));
  });

  it('writes them once, and places its outage once: what a person changed survives a restart', async () => {
    const [record] = (await server.get<Page<WirePost>>('/api/v1/posts?source=callcenter&limit=1')).body.items;
    const id = record.customerId!;
    const customer = (await server.get<{ name: string }>(`/api/v1/customers/${id}`)).body;
    expect((await server.request('POST', '/api/v1/customers', [{ id, name: customer.name, city: 'Ushuaia' }])).status).toBe(200);
    const offer = (await server.get<Offer>('/api/v1/offers/demo-coverage-visit')).body;
    const { name, value, rules, targets } = offer;
    expect((await server.request('PUT', '/api/v1/offers/demo-coverage-visit', { name, value, rules, targets, active: false })).status).toBe(200);

    const placed = server.log.match(PLACED_OUTAGE)?.[0];
    await server.kill('SIGTERM');
    await server.start();
    await server.login();
    await streamOn(server);
    expect(server.log).not.toContain('demo CRM:');
    // The same outage, not a new one ten minutes from this start.
    expect(server.log.match(PLACED_OUTAGE)?.[0]).toBe(placed);
    expect((await server.get<{ city: string }>(`/api/v1/customers/${id}`)).body.city).toBe('Ushuaia');
    const catalog = (await server.get<Offer[]>('/api/v1/offers')).body;
    expect(catalog.map((o) => [o.id, o.active])).toEqual([
      ['demo-coverage-visit', false],
      ['demo-home-fiber', true],
      ['demo-retention-discount', true],
      ['demo-upgrade-max', true],
    ]);
  });
});

describe('the demo beside a catalog of the user\'s own', () => {
  const before = new TestServer({ DEMO: 'off', SERVE_WEB: 'off' });
  let demo: TestServer | undefined;
  afterAll(async () => {
    await demo?.stop();
    await before.stop();
  });

  it('adds its customers but no offer to a catalog that has offers', async () => {
    await before.start();
    await before.login();
    const own = { name: 'Roaming Uruguay', value: 50, rules: [], active: true };
    expect((await before.request('PUT', '/api/v1/offers/roaming-uy', own)).status).toBe(200);
    await before.kill('SIGTERM');

    demo = new TestServer({ DEMO: 'on', DEMO_BACKFILL_DAYS: '0', SERVE_WEB: 'off', LOG_LEVEL: 'log', DATA_DIR: before.dataDir });
    await demo.start();
    await demo.login();
    await streamOn(demo);
    expect(demo.log).toMatch(/demo CRM: \d{3,} customers, 0 offers/);
    expect((await demo.get<Offer[]>('/api/v1/offers')).body.map((offer) => offer.id)).toEqual(['roaming-uy']);
  }, 90_000);
});
