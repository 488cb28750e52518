import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbStores } from '@escucha/store';
import { anOpenAlert } from '../support/alert-posts';
import { TestServer, waitFor } from '../support/server';

interface Page<T> {
  total: number;
  items: T[];
  nextCursor?: string;
}
interface DemoStatus {
  running: boolean;
  stored: boolean;
  removal?: { id: string; state: string; removed: { posts: number; customers: number; links: number; offers: number; alerts: number }; error?: string };
}
interface LiveUpdate {
  minutes: number;
  total: number;
  latest: Array<{ id: string }>;
}

const DEMO_ID = /^[a-z]+:demo-\d+-/;

/** The whole live window, as a dashboard that asks for 24 h gets it. */
function liveTotal(server: TestServer, token: string, accept: (update: LiveUpdate) => boolean): Promise<LiveUpdate> {
  const socket: Socket = io(`${server.url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
  return new Promise<LiveUpdate>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching live:update in time')), 20_000);
    socket.on('connect', () => socket.emit('live:window', { minutes: 1440 }));
    socket.on('live:update', (update: LiveUpdate) => {
      if (update.minutes !== 1440 || !accept(update)) return;
      clearTimeout(timer);
      resolve(update);
    });
  }).finally(() => socket.disconnect());
}

/** Every identity link, of any status. */
async function allLinks(server: TestServer): Promise<Array<{ author: string; customerId: string }>> {
  const links: Array<{ author: string; customerId: string }> = [];
  let cursor: string | undefined;
  do {
    const page = (await server.get<Page<{ author: string; customerId: string }>>(`/api/v1/identity/links?limit=500${cursor ? `&cursor=${cursor}` : ''}`)).body;
    links.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return links;
}

describe('the demo once a real source is configured (DEMO=auto)', () => {
  // One day of history keeps the backfill to a few seconds; the log shows the demo's steps.
  const server = new TestServer({ DEMO: 'auto', DEMO_BACKFILL_DAYS: '1', SERVE_WEB: 'off', LOG_LEVEL: 'log' });
  let token: string;
  const real = {
    id: '1890000000000000001',
    source: 'x',
    text: 'Sin señal en Villa Zanahoria desde la mañana',
    createdAt: new Date().toISOString(),
    author: { id: '777001', handle: 'lucia_real', name: 'Lucía Realista' },
  };

  beforeAll(async () => {
    // Alerts from before this start: one the demo's posts opened (the default seed's), one with a post of the user's among them.
    const stores = await openDuckDbStores(join(server.dataDir, 'escucha.duckdb'));
    await stores.alerts.createAlert(anOpenAlert('demo-outage', ['x:demo-20261123-5', 'callcenter:demo-20261123-9']));
    await stores.alerts.createAlert(anOpenAlert('mixed-outage', ['x:demo-20261123-5', `x:${real.id}`]));
    await stores.close();
    await server.start();
    token = await server.login();
    await waitFor('the demo backfill', async () => (server.log.includes('demo: backfill done') ? true : undefined), 120_000);
  }, 150_000);
  afterAll(() => server.stop());

  it('refuses to remove the demo data while the demo runs', async () => {
    expect((await server.get<DemoStatus>('/api/v1/demo')).body).toEqual({ running: true, stored: true });
    const refused = await server.request<{ code: string; message: string }>('DELETE', '/api/v1/demo');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('DEMO_RUNNING');
    expect(refused.body.message).toMatch(/source is configured/);
  });

  it('stops the demo when an admin adds the first source, then removes its data and nothing else', async () => {
    // The user's own data, beside the demo's: a post, and a customer of their CRM named like that post's author.
    expect((await server.request('POST', '/api/v1/posts', [real])).status).toBe(202);
    expect((await server.request('POST', '/api/v1/customers', [{ id: 'REAL-1', name: 'Lucía Realista', city: 'Buenos Aires' }])).status).toBe(200);
    await server.waitForTotal('source=x&q=zanahoria', 1);

    const hook = { id: 'callcenter-hook', kind: 'webhook', name: 'Call centre', channel: 'callcenter', credentials: { secret: 'callcentre-webhook-secret-0123456789abcdef' } };
    const demoCustomer = (await server.get<Page<{ customerId: string }>>('/api/v1/posts?source=callcenter&limit=1')).body.items[0].customerId;
    expect((await server.get(`/api/v1/customers/${demoCustomer}`)).status).toBe(200);
    const before = await liveTotal(server, token, (update) => update.total > 1);
    expect((await server.request('POST', '/api/v1/sources', hook)).status).toBe(201);
    // As the dashboard does: remove as soon as the API says the demo is off, which may be before
    // the stream's next renewal has stopped it. The removal stops it first.
    await waitFor('the API to say the demo is off', async () => ((await server.get<DemoStatus>('/api/v1/demo')).body.running ? undefined : true), 10_000);
    expect((await server.get<{ demo: boolean }>('/health')).body.demo).toBe(false);
    const stopped = (await server.get<Page<unknown>>('/api/v1/posts?limit=1')).body.total;

    const queued = await server.request<DemoStatus['removal']>('DELETE', '/api/v1/demo');
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ state: 'queued' });
    const done = await waitFor(
      'the removal',
      async () => {
        const status = (await server.get<DemoStatus>('/api/v1/demo')).body;
        return status.removal?.state === 'done' || status.removal?.state === 'failed' ? status : undefined;
      },
      // Seconds for the demo's 2,600 customers on this machine; the bound leaves room for a loaded one.
      120_000,
    );
    expect(done.removal?.error).toBeUndefined();
    expect(done).toMatchObject({ running: false, stored: false, removal: { id: queued.body!.id, state: 'done' } });
    // Backfill chunks still queued when the demo stopped were stored before the removal ran (the
    // batch queue is first in, first out), and removed with the rest.
    expect(done.removal!.removed.posts).toBeGreaterThanOrEqual(stopped - 1);
    expect(done.removal!.removed.customers).toBeGreaterThan(2000);
    expect(done.removal!.removed.offers).toBe(4);
    expect(done.removal!.removed.alerts).toBeGreaterThanOrEqual(1);
    const alerts = (await server.get<Array<{ id: string; postIds: string[] }>>('/api/v1/alerts')).body;
    expect(alerts.map((alert) => alert.id)).toContain('mixed-outage');
    expect(alerts.filter((alert) => alert.postIds.every((id) => DEMO_ID.test(id)))).toEqual([]);

    const left = (await server.get<Page<{ id: string }>>('/api/v1/posts?limit=10')).body;
    expect(left.items.map((post) => post.id)).toEqual([`x:${real.id}`]);
    expect((await server.get(`/api/v1/customers/${demoCustomer}`)).status).toBe(404);
    expect((await server.get('/api/v1/customers/REAL-1')).status).toBe(200);
    expect((await server.get<unknown[]>('/api/v1/offers')).body).toEqual([]);
    expect((await allLinks(server)).filter((link) => DEMO_ID.test(link.author) || link.customerId !== 'REAL-1')).toEqual([]);
    // The live window read the store again: only the user's post is left in it.
    const after = await liveTotal(server, token, (update) => update.total === 1);
    expect(after.latest.map((post) => post.id)).toEqual([`x:${real.id}`]);
    expect(before.total).toBeGreaterThan(after.total);
    expect(server.log).toContain('demo stream off');
    // Nothing the stream held back comes in later: no post, no cursor that would say demo data is stored.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect((await server.get<Page<{ id: string }>>('/api/v1/posts?limit=10')).body.total).toBe(1);
    expect((await server.get<DemoStatus>('/api/v1/demo')).body.stored).toBe(false);
    // Alert detection forgot baselines that expected the demo's traffic.
    // (At its next tick that is not busy: a take-over replaying the demo's day may hold it a while on a loaded machine.)
    await waitFor('alert detection to learn again', async () => (server.log.includes('baselines learned again') ? true : undefined), 90_000);
    // Nothing left to remove.
    expect((await server.request<{ code: string }>('DELETE', '/api/v1/demo')).status).toBe(404);
  }, 360_000);

  it('starts the demo afresh once the last source is removed', async () => {
    const from = server.log.length;
    expect((await server.request('DELETE', '/api/v1/sources/callcenter-hook')).status).toBe(204);
    await waitFor('the demo to start again', async () => (server.log.slice(from).includes('demo: backfill done') ? true : undefined), 60_000);
    expect(server.log.slice(from)).toMatch(/demo CRM: \d{3,} customers, 4 offers/);
    expect((await server.get<DemoStatus>('/api/v1/demo')).body).toMatchObject({ running: true, stored: true });
    expect((await server.get<{ demo: boolean }>('/health')).body.demo).toBe(true);
  }, 90_000);
});
