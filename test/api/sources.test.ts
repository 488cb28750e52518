import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '@escucha/connectors';
import { aPostInput } from '../support/post-inputs';
import { TestServer, waitFor } from '../support/server';

interface SourceBody {
  id: string;
  state: string;
  hasCredentials: boolean;
  stats: { lastEventAt?: string; eventsLastMinute: number; lastError?: string };
}
interface ImportBody {
  id: string;
  state: string;
  processed: number;
  accepted: number;
  rejected: number;
  errors: Array<{ line: number; message?: number; error: string }>;
}
interface PostsBody {
  total: number;
  items: Array<{ id: string; source: string; customerId?: string; text: string; createdAt: string; author: { id: string; handle: string; name?: string } }>;
}

const SECRET = 'callcenter-secret-0123456789abcdef-xyz';
const DECLARED_SECRET = 'declared-secret-0123456789abcdef-0123';
const ALL_TIME = 'from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z';
const nowS = () => Math.floor(Date.now() / 1000);

describe('sources, signed webhooks and imports', () => {
  // Declared at start, as a deployment would be set up without clicking.
  const configDir = mkdtempSync(join(tmpdir(), 'escucha-sources-file-'));
  const sourcesFile = join(configDir, 'sources.json');
  writeFileSync(sourcesFile, JSON.stringify([{ id: 'forum-push', kind: 'webhook', name: 'Forum', channel: 'forum', credentials: { secret: DECLARED_SECRET } }]));
  const server = new TestServer({ SOURCES_FILE: sourcesFile, SERVE_WEB: 'off' });
  let analyst: string;

  const postWebhook = (sourceId: string, body: string, signature: string | undefined, contentType = 'application/json') =>
    server.request<{ accepted?: number; code?: string }>('POST', `/api/v1/webhooks/${sourceId}`, body, null, {
      'content-type': contentType,
      ...(signature ? { 'x-escucha-signature': signature } : {}),
    });
  const found = (marker: string) => server.get<PostsBody>(`/api/v1/posts?q=${marker}&${ALL_TIME}`);

  beforeAll(async () => {
    await server.start();
    await server.login();
    expect((await server.request('POST', '/api/v1/users', { username: 'ana', password: 'analyst-password', role: 'analyst' })).status).toBe(201);
    analyst = await server.login('ana', 'analyst-password');
    const created = await server.request('POST', '/api/v1/sources', {
      id: 'callcenter-live',
      kind: 'webhook',
      name: 'Call center notes',
      channel: 'callcenter',
      credentials: { secret: SECRET },
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await server.stop();
    rmSync(configDir, { recursive: true, force: true });
  });

  it('lists sources to admins only, and never returns credentials', async () => {
    const list = await server.get<SourceBody[]>('/api/v1/sources');
    expect(list.status).toBe(200);
    expect(list.body.find((s) => s.id === 'callcenter-live')).toMatchObject({ kind: 'webhook', channel: 'callcenter', state: 'active', hasCredentials: true });
    const raw = JSON.stringify(list.body) + JSON.stringify((await server.get('/api/v1/sources/callcenter-live')).body);
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain(DECLARED_SECRET);
    expect(raw).not.toMatch(/"credentials"/);

    expect((await server.get('/api/v1/sources', analyst)).status).toBe(403);
    const forbidden = await server.request<{ code: string }>('POST', '/api/v1/sources', { id: 'x2', kind: 'import', name: 'x', channel: 'forum' }, analyst);
    expect(forbidden).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect((await server.request('POST', '/api/v1/sources/callcenter-live/pause', undefined, analyst)).status).toBe(403);
    expect((await server.request('DELETE', '/api/v1/sources/callcenter-live', undefined, analyst)).status).toBe(403);
  });

  it('refuses a bad source at the edge, naming the field, and a duplicate id', async () => {
    const weak = await server.request<{ code: string; message: string }>('POST', '/api/v1/sources', { id: 'weak', kind: 'webhook', name: 'Weak', channel: 'email', credentials: { secret: 'short' } });
    expect(weak).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/credentials\.secret/) } });
    const badChannel = await server.request<{ message: string }>('POST', '/api/v1/sources', { id: 'bad', kind: 'import', name: 'Bad', channel: 'pigeon' });
    expect(badChannel.status).toBe(400);
    expect(JSON.stringify(badChannel.body)).toMatch(/channel must be one of/);
    const again = await server.request<{ code: string }>('POST', '/api/v1/sources', { id: 'callcenter-live', kind: 'import', name: 'Again', channel: 'forum' });
    expect(again).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
  });

  it('stores posts sent with a good signature, with the channel as source and the customer id kept', async () => {
    const marker = `webhookok${Date.now()}`;
    const { source: _drop, ...withoutSource } = aPostInput({ text: `me cortaron la llamada ${marker}`, customerId: 'CUST-42' });
    const body = JSON.stringify(withoutSource);
    const response = await postWebhook('callcenter-live', body, signWebhook(SECRET, nowS(), body));
    expect(response).toMatchObject({ status: 202, body: { accepted: 1, rejected: [] } });
    await server.waitForTotal(`q=${marker}&${ALL_TIME}`, 1);
    const [post] = (await found(marker)).body.items;
    expect(post).toMatchObject({ id: `callcenter:${withoutSource.id}`, source: 'callcenter', customerId: 'CUST-42' });
  });

  it('takes NDJSON, and a declared source from SOURCES_FILE', async () => {
    const marker = `webhookndjson${Date.now()}`;
    const body = [aPostInput({ text: `uno ${marker}` }), aPostInput({ text: `dos ${marker}` })].map((p) => JSON.stringify({ ...p, source: undefined })).join('\n');
    const response = await postWebhook('forum-push', body, signWebhook(DECLARED_SECRET, nowS(), body), 'application/x-ndjson');
    expect(response).toMatchObject({ status: 202, body: { accepted: 2 } });
    await server.waitForTotal(`q=${marker}&${ALL_TIME}`, 2);
    expect((await found(marker)).body.items.every((p) => p.source === 'forum')).toBe(true);
  });

  it('answers a bad signature with 401 and stores nothing', async () => {
    const marker = `webhookbad${Date.now()}`;
    const body = JSON.stringify(aPostInput({ text: `falso ${marker}` }));
    const tampered = signWebhook(SECRET, nowS(), body.replace('falso', 'cierto'));
    expect(await postWebhook('callcenter-live', body, tampered)).toMatchObject({ status: 401, body: { code: 'SIGNATURE_INVALID' } });
    expect(await postWebhook('callcenter-live', body, signWebhook('another-secret-0123456789abcdef-xyz', nowS(), body))).toMatchObject({ status: 401 });
    expect(await postWebhook('callcenter-live', body, undefined)).toMatchObject({ status: 401, body: { code: 'SIGNATURE_MISSING' } });
    // A good post sent after them is stored; by then the refused ones would have been too.
    const after = `webhookafter${Date.now()}`;
    const good = JSON.stringify(aPostInput({ text: `real ${after}` }));
    expect((await postWebhook('callcenter-live', good, signWebhook(SECRET, nowS(), good))).status).toBe(202);
    await server.waitForTotal(`q=${after}&${ALL_TIME}`, 1);
    expect((await found(marker)).body.total).toBe(0);
    // The refusal is visible on the source.
    const source = await waitFor('the refusal to show on the source', async () => {
      const { body: view } = await server.get<SourceBody>('/api/v1/sources/callcenter-live');
      return view.stats.lastError ? view : undefined;
    });
    expect(source.stats.lastError).toMatch(/refused a request/);
  });

  it('refuses a stale timestamp and a replayed signature', async () => {
    const body = JSON.stringify(aPostInput({ text: 'replay me' }));
    const stale = await postWebhook('callcenter-live', body, signWebhook(SECRET, nowS() - 6 * 60, body));
    expect(stale).toMatchObject({ status: 401, body: { code: 'SIGNATURE_STALE' } });
    const signature = signWebhook(SECRET, nowS(), body);
    expect((await postWebhook('callcenter-live', body, signature)).status).toBe(202);
    expect(await postWebhook('callcenter-live', body, signature)).toMatchObject({ status: 409, body: { code: 'WEBHOOK_REPLAYED' } });
  });

  it('counts a signature as used only once its delivery is taken: a refused one sent again is answered on its merits', async () => {
    const bad = JSON.stringify([{ text: 'sin autor ni fecha' }]);
    const signature = signWebhook(SECRET, nowS(), bad);
    for (let i = 0; i < 2; i++) {
      expect(await postWebhook('callcenter-live', bad, signature)).toMatchObject({ status: 400, body: { code: 'NO_VALID_POSTS' } });
    }
  });

  it('counts events on the source', async () => {
    const view = await waitFor('events to be counted', async () => {
      const { body } = await server.get<SourceBody>('/api/v1/sources/callcenter-live');
      return body.stats.eventsLastMinute >= 3 ? body : undefined;
    });
    expect(Date.parse(view.stats.lastEventAt!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses posts to a paused source with 409 until it is resumed, and forgets a deleted one', async () => {
    expect(await server.request('POST', '/api/v1/sources/callcenter-live/pause')).toMatchObject({ status: 200, body: { state: 'paused' } });
    const body = JSON.stringify(aPostInput({ text: 'while paused' }));
    expect(await postWebhook('callcenter-live', body, signWebhook(SECRET, nowS(), body))).toMatchObject({ status: 409, body: { code: 'SOURCE_PAUSED' } });
    expect(await server.request('POST', '/api/v1/sources/callcenter-live/resume')).toMatchObject({ status: 200, body: { state: 'active' } });
    const again = JSON.stringify(aPostInput({ text: 'resumed' }));
    expect((await postWebhook('callcenter-live', again, signWebhook(SECRET, nowS(), again))).status).toBe(202);

    expect((await server.request('POST', '/api/v1/sources', { id: 'temp', kind: 'import', name: 'Temp', channel: 'email' })).status).toBe(201);
    expect((await server.request('DELETE', '/api/v1/sources/temp')).status).toBe(204);
    expect(await server.get('/api/v1/sources/temp')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect((await server.request('DELETE', '/api/v1/sources/temp')).status).toBe(404);
  });

  it('imports a CSV as a batch job: good rows stored, the bad row reported with its line', async () => {
    expect((await server.request('POST', '/api/v1/sources', { id: 'cc-export', kind: 'import', name: 'Call center export', channel: 'callcenter' })).status).toBe(201);
    const marker = `csvimport${Date.now()}`;
    const csv = [
      'id,created_at,text,customer_id,author_handle,author_id',
      `n1,2026-03-01T10:00:00Z,"Cliente sin señal, pide baja ${marker}",C-1,,`,
      `n2,,"Sin fecha ${marker}",C-2,,`,
      `n3,2026-03-01T11:00:00Z,"Factura mal cobrada ""otra vez""\nsegunda línea ${marker}",,agente7,a7`,
    ].join('\n');
    const created = await server.request<ImportBody>('POST', '/api/v1/imports?sourceId=cc-export', csv, undefined, { 'content-type': 'text/csv' });
    expect(created).toMatchObject({ status: 202, body: { state: 'queued' } });
    const done = await waitFor('the import to finish', async () => {
      const { body } = await server.get<ImportBody>(`/api/v1/imports/${created.body.id}`);
      return body.state === 'done' || body.state === 'failed' ? body : undefined;
    });
    expect(done).toMatchObject({ state: 'done', processed: 3, accepted: 2, rejected: 1 });
    expect(done.errors).toEqual([{ line: 3, error: 'createdAt: is required' }]);
    await server.waitForTotal(`q=${marker}&${ALL_TIME}`, 2);
    const stored = (await found(marker)).body.items;
    expect(stored.map((p) => p.id).sort()).toEqual(['callcenter:n1', 'callcenter:n3']);
    expect(stored.find((p) => p.id === 'callcenter:n1')?.customerId).toBe('C-1');
    expect(stored.find((p) => p.id === 'callcenter:n3')?.text).toContain('"otra vez"\nsegunda línea');
  });

  it('imports an mbox as a batch job: each message a post, the broken one reported by number and line', async () => {
    expect((await server.request('POST', '/api/v1/sources', { id: 'support-mail', kind: 'import', name: 'Support mailbox', channel: 'email' })).status).toBe(201);
    const marker = `mboximport${Date.now()}`;
    const mbox = [
      'From lucia@example.com Mon Mar  2 09:15:00 2026',
      'From: "Lucía Gómez" <lucia@example.com>',
      'Subject: =?UTF-8?Q?Reclamaci=C3=B3n?=',
      'Date: Mon, 02 Mar 2026 10:15:00 +0100',
      `Message-ID: <${marker}-1@example.com>`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      `Me cobraron dos veces, qu=C3=A9 verg=C3=BCenza ${marker}`,
      '>From now on I pay by card',
      '',
      'From MAILER-DAEMON Tue Mar  3 00:00:00 2026',
      'this is not a message',
      '',
      'From pedro@example.com Wed Mar  4 08:00:00 2026',
      'From: pedro@example.com',
      'Subject: Aviso',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<p>Sin servicio desde ayer <b>${marker}</b></p>`,
      '',
    ].join('\n');
    const created = await server.request<ImportBody>('POST', '/api/v1/imports?sourceId=support-mail', mbox, undefined, { 'content-type': 'application/mbox' });
    expect(created).toMatchObject({ status: 202, body: { state: 'queued', format: 'mbox' } });
    const done = await waitFor('the mbox import to finish', async () => {
      const { body } = await server.get<ImportBody>(`/api/v1/imports/${created.body.id}`);
      return body.state === 'done' || body.state === 'failed' ? body : undefined;
    });
    expect(done).toMatchObject({ state: 'done', processed: 3, accepted: 2, rejected: 1 });
    expect(done.errors).toEqual([{ line: 12, message: 2, error: 'message 2 (line 12): has no mail headers' }]);
    await server.waitForTotal(`q=${marker}&${ALL_TIME}`, 2);
    const stored = (await found(marker)).body.items;
    const lucia = stored.find((p) => p.id === `email:${marker}-1@example.com`);
    expect(lucia).toMatchObject({ source: 'email', createdAt: '2026-03-02T09:15:00.000Z', author: { id: 'lucia@example.com', handle: 'lucia@example.com', name: 'Lucía Gómez' } });
    expect(lucia?.text).toBe(`Reclamación\n\nMe cobraron dos veces, qué vergüenza ${marker}\nFrom now on I pay by card`);
    // No Message-ID and no Date: a hash for id, the mbox From line for the date.
    const pedro = stored.find((p) => p !== lucia);
    expect(pedro).toMatchObject({ source: 'email', createdAt: '2026-03-04T08:00:00.000Z', author: { id: 'pedro@example.com' } });
    expect(pedro?.id).toMatch(/^email:sha256-[0-9a-f]{40}$/);
    expect(pedro?.text).toBe(`Aviso\n\nSin servicio desde ayer ${marker}`);

    // One .eml, its format from the query string.
    const eml = `From: ana@example.com\nSubject: Hola\nDate: Thu, 5 Mar 2026 10:00:00 +0000\nMessage-ID: <${marker}-eml@example.com>\n\nGracias ${marker}\n`;
    const single = await server.request<ImportBody>('POST', '/api/v1/imports?sourceId=support-mail&format=eml', eml, undefined, { 'content-type': 'text/plain' });
    expect(single.status).toBe(202);
    await server.waitForTotal(`q=${marker}&${ALL_TIME}`, 3);
    expect((await found(marker)).body.items.map((p) => p.id)).toContain(`email:${marker}-eml@example.com`);
  });

  it('refuses an import to a webhook source, without a format, for a non-listening role, and 404s an unknown id', async () => {
    expect(await server.request('POST', '/api/v1/imports?sourceId=callcenter-live', 'id\n1', undefined, { 'content-type': 'text/csv' })).toMatchObject({
      status: 409,
      body: { code: 'SOURCE_KIND' },
    });
    expect(await server.request('POST', '/api/v1/imports?sourceId=cc-export', 'id\n1', undefined, { 'content-type': 'text/plain' })).toMatchObject({
      status: 400,
      body: { code: 'IMPORT_FORMAT_UNKNOWN' },
    });
    expect((await server.get('/api/v1/imports/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });
});
