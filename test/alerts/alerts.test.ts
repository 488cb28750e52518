import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertNotice, AlertRule } from '@escucha/core';
import { verifyWebhookSignature } from '@escucha/connectors';
import { FAST_ALERTS, cordobaBurst, quietHour } from '../support/alert-posts';
import { TestServer, waitFor } from '../support/server';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

const SECRET = 'alerts-webhook-secret-for-tests';
const INTERVAL_S = 10;

interface Hook {
  path: string;
  body: string;
  signature?: string;
  status: number;
}

let server: TestServer;
let smtp: SmtpSink;
let receiver: Server;
let hookUrl: string;
const hooks: Hook[] = [];
const sockets: Socket[] = [];

/** A webhook receiver that fails the first delivery, so the retry and the failure on the timeline show. */
async function startReceiver(): Promise<void> {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const status = request.url === '/hook' && !hooks.some((h) => h.path === '/hook') ? 500 : 200;
      hooks.push({ path: request.url ?? '', body: Buffer.concat(chunks).toString(), signature: request.headers['x-escucha-signature'] as string | undefined, status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
}

beforeAll(async () => {
  smtp = await startSmtpSink();
  await startReceiver();
  server = new TestServer({
    ...FAST_ALERTS,
    ALERTS_WEBHOOK_SECRET: SECRET,
    ALERTS_DELIVERY_BACKOFF_MS: '300',
    SMTP_URL: smtp.url,
    ALERTS_EMAIL_FROM: 'alerts@escucha.example',
  });
  await server.start();
  await server.login();
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await server?.stop();
  await smtp?.close();
  await new Promise((done) => receiver?.close(done));
});

describe('alerts: rules API, detection from history after a restart, banner, webhook and email', () => {
  it('rules: defaults are seeded once, admins create and change rules, other roles only read them, bad rules get a 400', async () => {
    const defaults = await waitFor('the default rules', async () => {
      const response = await server.get<AlertRule[]>('/api/v1/alert-rules');
      // Seeded one by one at the first detection tick: wait for the last of them.
      return response.body.some((r) => r.id === 'by-region') ? response.body : undefined;
    });
    expect(defaults.map((r) => r.id)).toContain('outage');

    const created = await server.request<AlertRule>('POST', '/api/v1/alert-rules', {
      id: 'noc-outage',
      name: 'Outage (NOC)',
      scope: { intents: ['outage'] },
      sensitivity: 'high',
      minCount: 4,
      channels: { banner: true, webhook: { url: hookUrl }, email: { to: ['noc@example.com'] } },
      maxPerHour: 10,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'noc-outage', enabled: true, digestMinutes: 0 });
    // A rule decides who is woken at night: its changes are in the audit log.
    const audited = await server.get<{ items: Array<{ actor: string; target?: string }> }>('/api/v1/audit?action=alert-rule.create');
    expect(audited.body.items).toContainEqual(expect.objectContaining({ actor: 'admin', target: 'noc-outage' }));

    const quiet = { name: 'Outage (quiet)', scope: { intents: ['outage'] }, sensitivity: 'high', minCount: 4, maxPerHour: 10 };
    expect((await server.request('POST', '/api/v1/alert-rules', { ...quiet, id: 'quiet-outage', channels: { banner: false, webhook: { url: `${hookUrl}-quiet` } }, quietHours: { from: '00:00', to: '23:59' } })).status).toBe(201);
    expect((await server.request('POST', '/api/v1/alert-rules', { ...quiet, id: 'digest-outage', name: 'Outage (digest)', channels: { banner: false, webhook: { url: `${hookUrl}-digest` } }, digestMinutes: 1 })).status).toBe(201);

    const bad = await server.request<{ message: string }>('POST', '/api/v1/alert-rules', { name: 'x', scope: {}, quietHours: { from: '9', to: '10' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('quietHours');

    await server.request('POST', '/api/v1/users', { username: 'ana', password: 'ana-password-123', role: 'analyst' });
    const analyst = await server.login('ana', 'ana-password-123');
    expect((await server.get('/api/v1/alert-rules', analyst)).status).toBe(200);
    expect((await server.request('POST', '/api/v1/alert-rules', { name: 'nope', scope: {} }, analyst)).status).toBe(403);
    // A webhook's path is its secret: a reader who may not change the rule sees only where it goes.
    const origin = new URL(hookUrl).origin;
    expect((await server.get<AlertRule>('/api/v1/alert-rules/noc-outage', analyst)).body.channels.webhook).toEqual({ url: `${origin}/…` });
    const listed = (await server.get<AlertRule[]>('/api/v1/alert-rules', analyst)).body;
    expect(listed.find((r) => r.id === 'quiet-outage')?.channels.webhook).toEqual({ url: `${origin}/…` });
    expect(JSON.stringify(listed)).not.toContain(hookUrl);
    expect((await server.get<AlertRule>('/api/v1/alert-rules/noc-outage')).body.channels.webhook).toEqual({ url: hookUrl });

    const changed = await server.request<AlertRule>('PUT', '/api/v1/alert-rules/brand-volume', { ...defaults.find((r) => r.id === 'brand-volume'), id: undefined, createdAt: undefined, updatedAt: undefined, enabled: false });
    expect(changed.status).toBe(200);
    expect(changed.body.enabled).toBe(false);
  });

  it('an outage burst opens one alert naming the region: on the banner, by signed webhook (retried after a failure) and by email; ack and resolve by name', async () => {
    // An hour of ordinary history with the odd outage complaint, then a restart: the baselines come from it.
    const history = quietHour(Date.now());
    expect((await server.request('POST', '/api/v1/posts', history)).status).toBe(202);
    await server.waitForTotal('', history.length, 30_000);
    await server.kill('SIGTERM');
    await server.start();
    const token = await server.login();

    const socket = io(`${server.url}/alerts`, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const notices: AlertNotice[] = [];
    socket.on('alerts:update', (list: AlertNotice[]) => notices.push(...list));
    const open = await new Promise<AlertNotice[]>((done) => socket.once('alerts:open', done));
    expect(open.filter((n) => n.scopeKey === 'all' && n.ruleName === 'Outage (NOC)')).toEqual([]);
    // The first detection tick (every 5 s) replays the history; the burst must come after it, as live posts do.
    await new Promise((r) => setTimeout(r, 6_000));

    const burstAt = Date.now();
    const burst = cordobaBurst(burstAt);
    expect((await server.request('POST', '/api/v1/posts', burst)).status).toBe(202);

    const alert = await waitFor(
      'the NOC outage alert',
      async () => (await server.get<Alert[]>('/api/v1/alerts?state=open&rule=noc-outage')).body.find((a) => a.scopeKey === 'all'),
      4 * INTERVAL_S * 1000,
      500,
    );
    expect(Date.parse(String(alert.openedAt))).toBeLessThanOrEqual(burstAt);
    expect(Date.parse(String(alert.openedAt))).toBeGreaterThan(burstAt - 2 * INTERVAL_S * 1000);
    expect(alert.regions[0]).toMatchObject({ region: 'cordoba' });
    expect(alert.postIds).toEqual(expect.arrayContaining(['x:b0', 'x:b1']));
    expect(alert.observed).toBeGreaterThanOrEqual(20);
    expect(alert.expected).toBeLessThan(5);

    await waitFor('the banner notice', async () => notices.find((n) => n.id === alert.id && n.state === 'open'), 10_000);

    const delivered = await waitFor('a signed webhook delivery after one failure', async () => (hooks.some((h) => h.path === '/hook' && h.status === 200) ? hooks.filter((h) => h.path === '/hook') : undefined), 20_000);
    expect(delivered[0].status).toBe(500);
    const ok = delivered.find((h) => h.status === 200)!;
    expect(verifyWebhookSignature(ok.signature, Buffer.from(ok.body), SECRET, Math.floor(Date.now() / 1000))).toMatchObject({ ok: true });
    const payload = JSON.parse(ok.body) as { text: string; blocks: unknown[]; escucha: { alerts: Array<{ id: string }> } };
    expect(payload.text).toContain('Córdoba');
    expect(payload.blocks.length).toBeGreaterThan(0);
    expect(payload.escucha.alerts[0].id).toBe(alert.id);

    const mail = await waitFor('the alert email', async () => smtp.mails.find((m) => m.to === 'noc@example.com'), 20_000);
    // In NOTIFY_LANGUAGE, Spanish unless set; a rule someone named keeps its name.
    expect(mail.subject).toBe('[Escucha] Alerta: Outage (NOC)');
    expect(mail.text).toMatch(/^Outage \(NOC\): \d+ publicaciones en el intervalo, [\d,]+ esperadas; severidad (alta|media|baja)\. Más afectadas: Córdoba \(\d+\)/);
    expect(mail.text).toMatch(/Abierta el \d+ de \p{L}+ de \d{4} a las \d{2}:\d{2} \(hora local\)\./u);

    const withDeliveries = await waitFor(
      'deliveries on the timeline',
      async () => {
        const a = (await server.get<Alert>(`/api/v1/alerts/${alert.id}`)).body;
        const kinds = a.timeline.map((e) => e.kind);
        return kinds.includes('delivery-failed') && kinds.filter((k) => k === 'delivered').length >= 2 ? a : undefined;
      },
      10_000,
    );
    expect(withDeliveries.timeline.find((e) => e.kind === 'delivery-failed')!.message).toMatch(/webhook opened attempt 1\/5 failed, will retry: .*HTTP 500/);

    const acked = await server.request<Alert>('POST', `/api/v1/alerts/${alert.id}/ack`);
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'admin' });
    expect((await server.request('POST', `/api/v1/alerts/${alert.id}/ack`)).status).toBe(409);
    await waitFor('the acknowledged banner', async () => notices.find((n) => n.id === alert.id && n.state === 'acknowledged'), 10_000);

    const resolved = await server.request<Alert>('POST', `/api/v1/alerts/${alert.id}/resolve`);
    expect(resolved.body).toMatchObject({ state: 'resolved', resolvedBy: 'admin' });
    expect(resolved.body.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['opened', 'delivery-failed', 'delivered', 'acknowledged', 'resolved']));
    await waitFor('the resolved banner', async () => notices.find((n) => n.id === alert.id && n.state === 'resolved'), 10_000);
    // One burst, one alert: the detector did not open a second one while the first was open.
    expect((await server.get<Alert[]>('/api/v1/alerts?rule=noc-outage')).body).toHaveLength(1);

    // In its quiet hours a rule's alert opens but its webhook stays silent, and the timeline says why.
    const quiet = (await server.get<Alert[]>('/api/v1/alerts?rule=quiet-outage')).body;
    expect(quiet).toHaveLength(1);
    expect(quiet[0].timeline.find((e) => e.kind === 'suppressed')?.message).toMatch(/quiet hours \(00:00–23:59\): webhook not sent/);
    expect(hooks.filter((h) => h.path === '/hook-quiet')).toEqual([]);
  });

  it('a digest rule sends one message listing its alerts once its period is over', async () => {
    const [alert] = (await server.get<Alert[]>('/api/v1/alerts?rule=digest-outage')).body;
    expect(alert.timeline.map((e) => e.kind)).toContain('digest');
    const digest = await waitFor('the digest webhook', async () => hooks.find((h) => h.path === '/hook-digest'), 90_000, 500);
    const payload = JSON.parse(digest.body) as { text: string; escucha: { event: string; alerts: Array<{ id: string }> } };
    expect(payload.escucha.event).toBe('digest');
    expect(payload.escucha.alerts.map((a) => a.id)).toEqual([alert.id]);
    expect(payload.text).toContain('Outage (digest): 1 alerta');
    expect(hooks.filter((h) => h.path === '/hook-digest')).toHaveLength(1);
  }, 120_000);
});
