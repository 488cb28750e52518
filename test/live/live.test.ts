import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { somePostInputs } from '../support/post-inputs';
import { TestServer, waitFor } from '../support/server';

interface LiveUpdate {
  from: string;
  to: string;
  minutes: number;
  total: number;
  bySentiment: Record<string, number>;
  byTopic: Record<string, number>;
  bySource: Record<string, number>;
  topicSentiment: Record<string, { positive: number; neutral: number; negative: number; net: number }>;
  series: Array<{ ts: string; total: number; negative: number; neutral: number; positive: number }>;
  latest: LivePostSeen[];
}

interface LivePostSeen {
  id: string;
  text: string;
  author: { id: string; handle: string; name?: string; location?: string };
  customerId?: string;
  customerRef?: string;
}

describe('live: socket.io /live', () => {
  const server = new TestServer();
  const sockets: Socket[] = [];
  let token: string;

  function connect(auth: Record<string, unknown>): Socket {
    const socket = io(`${server.url}/live`, { auth, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    return socket;
  }

  function nextUpdate(socket: Socket, accept: (u: LiveUpdate) => boolean = () => true, timeoutMs = 10_000): Promise<LiveUpdate> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching live:update in time')), timeoutMs);
      const listener = (update: LiveUpdate) => {
        if (!accept(update)) return;
        clearTimeout(timer);
        socket.off('live:update', listener);
        resolve(update);
      };
      socket.on('live:update', listener);
    });
  }

  beforeAll(async () => {
    await server.start();
    token = await server.login();
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(() => server.stop());

  it('refuses a connection without a valid token', async () => {
    for (const auth of [{}, { token: 'forged.token' }]) {
      const socket = connect(auth);
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(error.message).toBe('unauthorized');
    }
  });

  it('sends the window on connect and a live:update after an ingest', async () => {
    const socket = connect({ token });
    const first = await nextUpdate(socket);
    expect(first.minutes).toBe(60);
    expect(first.series).toHaveLength(60);

    const marker = `live${Date.now()}`;
    const posts = somePostInputs(5, { text: `No anda internet en Rosario, sin señal ${marker}`, source: 'mastodon' });
    const sentAt = Date.now();
    expect((await server.request('POST', '/api/v1/posts', posts)).status).toBe(202);
    const update = await nextUpdate(socket, (u) => u.total >= first.total + 5);
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    expect(update.total).toBe(first.total + 5);
    expect(update.bySource.mastodon).toBe((first.bySource.mastodon ?? 0) + 5);
    expect(update.bySentiment.negative).toBeGreaterThanOrEqual((first.bySentiment.negative ?? 0) + 5);
    expect(update.series.at(-1)!.total + update.series.at(-2)!.total).toBeGreaterThanOrEqual(5);
    expect(update.latest.filter((p) => p.text.includes(marker))).toHaveLength(5);
    // Sentiment per topic rides along: five more posts said something negative about outages.
    const before = first.topicSentiment.outage?.negative ?? 0;
    expect(update.topicSentiment.outage.negative).toBeGreaterThanOrEqual(before + 5);
    expect(update.topicSentiment.outage.net).toBeLessThan(0);
  });

  it('throttles pushes to one per interval while posts keep arriving', async () => {
    const socket = connect({ token });
    await nextUpdate(socket);
    const times: number[] = [];
    socket.on('live:update', () => times.push(Date.now()));
    const started = Date.now();
    for (let i = 0; i < 10; i++) {
      await server.request('POST', '/api/v1/posts', somePostInputs(3));
      await new Promise((r) => setTimeout(r, 50));
    }
    await waitFor('updates', async () => (times.length >= 2 ? true : undefined), 10_000);
    await new Promise((r) => setTimeout(r, 600));
    const elapsed = Date.now() - started;
    // LIVE_THROTTLE_MS is 200 in tests: at most one push per 200 ms (plus the leading and the
    // trailing one), whatever the client's own delays do to the gaps it sees between arrivals;
    // unthrottled, each of the 10 ingests would have pushed.
    expect(times.length).toBeLessThanOrEqual(Math.floor(elapsed / 200) + 2);
    expect(times.length).toBeLessThan(10);
  });

  it('changes the window on live:window and refuses one out of range', async () => {
    const socket = connect({ token });
    await nextUpdate(socket);
    socket.emit('live:window', { minutes: 15 });
    const narrow = await nextUpdate(socket, (u) => u.minutes === 15);
    expect(narrow.series).toHaveLength(15);
    expect(Date.parse(narrow.to) - Date.parse(narrow.from)).toBe(15 * 60_000);

    const error = new Promise<{ code: string; message: string }>((resolve) => socket.once('live:error', resolve));
    socket.emit('live:window', { minutes: 5000 });
    expect(await error).toEqual({ code: 'BAD_WINDOW', message: 'minutes must be a whole number from 15 to 1440' });
  });

  it('rebuilds the window from the store after a restart', async () => {
    const socket = connect({ token });
    const before = await nextUpdate(socket);
    expect(before.total).toBeGreaterThan(0);
    socket.disconnect();
    await server.kill('SIGTERM');
    await server.start();
    const again = connect({ token: await server.login() });
    const after = await nextUpdate(again);
    expect(after.total).toBe(before.total);
  });

  it('closes a socket once its token is revoked, and keeps the others', async () => {
    const mine = await server.login();
    const other = connect({ token });
    const revoked = connect({ token: mine });
    await Promise.all([nextUpdate(other), nextUpdate(revoked)]);
    const closed = new Promise<string>((resolve) => revoked.once('disconnect', resolve));
    expect((await server.request('POST', '/api/v1/auth/logout', undefined, mine)).status).toBe(204);
    // Re-checked every few seconds: well within this.
    expect(await Promise.race([closed, new Promise((r) => setTimeout(() => r('still open'), 15_000))])).toBe('io server disconnect');
    expect(other.connected).toBe(true);
    // And the revoked token cannot come back.
    const again = connect({ token: mine });
    const error = await new Promise<Error>((resolve) => again.once('connect_error', resolve));
    expect(error.message).toMatch(/unauthorized/);
  });

  it('tells admin and service whose posts they are, and shows a customer\'s or a call\'s author to the other roles as History does: pseudonymous', async () => {
    await server.login();
    expect((await server.request('POST', '/api/v1/users', { username: 'lia', password: 'lia-lantern-quilt-88', role: 'analyst' })).status).toBe(201);
    const marker = `whose${Date.now()}`;
    const call = { ...somePostInputs(1)[0]!, source: 'callcenter', text: `Llamó por la factura ${marker}`, customerId: 'c-4711', author: { id: 'caller-9', handle: 'caller-9', name: 'María Pérez', location: 'Córdoba' } };
    const tweet = { ...somePostInputs(1)[0]!, text: `Sin señal en Palermo ${marker}`, author: { id: 'pub-1', handle: 'ana_pub', name: 'Ana', location: 'CABA' } };
    const seen = (update: LiveUpdate) => update.latest.filter((p) => p.text.includes(marker)).length === 2;
    const byText = (update: LiveUpdate, word: string) => update.latest.find((p) => p.text.includes(marker) && p.text.includes(word))!;

    // Both signed in before either connects: a socket's first push comes at connect, and must find its listener.
    const check = async () => {
      const tokens = [await server.login('lia', 'lia-lantern-quilt-88'), await server.login()];
      const [analyst, admin] = tokens.map((t) => connect({ token: t }));
      return Promise.all([nextUpdate(admin!, seen, 20_000), nextUpdate(analyst!, seen, 20_000)]);
    };
    const pending = check();
    await new Promise((done) => setTimeout(done, 500));
    expect(await server.request('POST', '/api/v1/posts', [call, tweet])).toEqual({ status: 202, body: { accepted: 2, rejected: [] } });
    const live = await pending;
    // After a restart the window is read back from the store: the same rule holds.
    for (const socket of sockets.splice(0)) socket.disconnect();
    await server.kill('SIGTERM');
    await server.start();
    const rebuilt = await check();
    for (const [admin, analyst] of [live, rebuilt]) {
      expect(byText(admin, 'factura')).toMatchObject({ customerId: 'c-4711', author: { id: 'caller-9', name: 'María Pérez', location: 'Córdoba' } });
      const pseudonymous = byText(analyst, 'factura');
      expect(pseudonymous.author.id).toMatch(/^p_[0-9a-f]{20}$/);
      expect(pseudonymous.author).toEqual({ id: pseudonymous.author.id, handle: pseudonymous.author.id });
      expect(pseudonymous.customerId).toBeUndefined();
      expect(pseudonymous.customerRef).toMatch(/^p_[0-9a-f]{20}$/);
      // A public post of an author nobody linked is shown as it is, to everyone.
      expect(byText(analyst, 'Palermo').author).toMatchObject({ id: 'pub-1', handle: 'ana_pub', name: 'Ana' });
      expect(byText(admin, 'Palermo').customerId).toBeUndefined();
    }
  });
});
