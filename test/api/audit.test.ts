import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../support/server';

interface Entry {
  id: string;
  actor: string;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
  at: string;
}
interface Page {
  items: Entry[];
  nextCursor?: string;
}

describe('audit log: admin actions and sign-ins, for admins to query and export', () => {
  const server = new TestServer();
  let analyst: string;
  let startedAt: string;

  beforeAll(async () => {
    await server.start();
    startedAt = new Date().toISOString();
    await server.login();
    expect((await server.request('POST', '/api/v1/users', { username: 'ana', password: 'analyst-pass', role: 'analyst' })).status).toBe(201);
    analyst = await server.login('ana', 'analyst-pass');
    expect((await server.request('POST', '/api/v1/auth/login', { username: 'ana', password: 'wrong' }, null)).status).toBe(401);
    expect((await server.request('POST', '/api/v1/auth/login', { username: 'nobody', password: 'x' }, null)).status).toBe(401);
    expect((await server.request('POST', '/api/v1/sources', { id: 'foro', kind: 'import', name: 'Foro', channel: 'forum' })).status).toBe(201);
    expect((await server.request('POST', '/api/v1/sources/foro/pause')).status).toBe(200);
    expect((await server.request('DELETE', '/api/v1/sources/foro')).status).toBe(204);
    const taxonomy = (await server.get<Record<string, unknown>>('/api/v1/taxonomy')).body;
    expect((await server.request('PUT', '/api/v1/taxonomy', taxonomy, analyst)).status).toBe(200);
  });
  afterAll(() => server.stop());

  const query = (q: string, token?: string) => server.get<Page>(`/api/v1/audit?${q}`, token);

  it('records sign-ins, successful and failed, with the client address', async () => {
    const ok = (await query('action=auth.login&actor=ana')).body.items;
    expect(ok).toHaveLength(1);
    expect(ok[0].details).toMatchObject({ ip: expect.stringMatching(/127\.0\.0\.1/) });
    const failed = (await query('action=auth.login_failed')).body.items;
    expect(failed.map((e) => e.actor)).toEqual(['nobody', 'ana']);
    expect(failed[0].details).toMatchObject({ code: expect.stringMatching(/\w/), ip: expect.stringMatching(/127\.0\.0\.1/) });
    expect(JSON.stringify(failed)).not.toContain('wrong');
  });

  it('records admin actions with who, what and on what, newest first', async () => {
    const sources = (await query('actor=admin&target=foro')).body.items;
    expect(sources.map((e) => e.action)).toEqual(['source.delete', 'source.pause', 'source.create']);
    const users = (await query('action=user.create')).body.items;
    expect(users).toEqual([expect.objectContaining({ actor: 'admin', target: 'ana', details: expect.objectContaining({ role: 'analyst' }) })]);
    expect(JSON.stringify(users)).not.toContain('analyst-pass');
    expect((await query('action=taxonomy.save')).body.items).toEqual([expect.objectContaining({ actor: 'ana' })]);
  });

  it('pages with a cursor and filters by period', async () => {
    const all: Entry[] = [];
    let cursor: string | undefined;
    do {
      const page = await query(`limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(9);
    expect([...all].sort((a, b) => b.at.localeCompare(a.at)).map((e) => e.at)).toEqual(all.map((e) => e.at));
    expect((await query(`to=${startedAt}`)).body.items).toEqual([]);
  });

  it('exports as NDJSON and CSV with the same filters', async () => {
    const token = await server.login();
    const ndjson = await fetch(`${server.url}/api/v1/audit/export?format=ndjson&actor=admin`, { headers: { authorization: `Bearer ${token}` } });
    expect(ndjson.status).toBe(200);
    expect(ndjson.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await ndjson.text()).trim().split('\n').map((l) => JSON.parse(l) as Entry);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.every((e) => e.actor === 'admin')).toBe(true);
    const csv = await fetch(`${server.url}/api/v1/audit/export?format=csv&action=source.create`, { headers: { authorization: `Bearer ${token}` } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await csv.text()).trim().split('\r\n');
    expect(rows[0]).toBe('at,actor,action,target,ip,details,id');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(',admin,source.create,foro,');
  });

  it('is for admins only, and refuses bad queries with 400', async () => {
    expect((await query('', analyst)).status).toBe(403);
    expect((await server.get('/api/v1/audit/export', analyst)).status).toBe(403);
    expect((await server.get('/api/v1/audit', null)).status).toBe(401);
    for (const bad of ['limit=0', 'limit=5000', 'from=yesterday', 'cursor=garbage', `from=${startedAt}&to=${startedAt}`, 'format=xml']) {
      const path = bad.startsWith('format') ? `/api/v1/audit/export?${bad}` : `/api/v1/audit?${bad}`;
      expect((await server.get(path)).status, bad).toBe(400);
    }
  });
});
