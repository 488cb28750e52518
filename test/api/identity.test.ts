import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPostInput } from '../support/post-inputs';
import { TestServer, waitFor } from '../support/server';

interface LinkPage {
  total: number;
  items: Array<{ author: string; customerId: string; method: string; confidence: number; status: string }>;
  nextCursor?: string;
}

describe('customer identity on the embedded default', () => {
  const server = new TestServer();
  let analyst: string;
  let service: string;

  beforeAll(async () => {
    await server.start();
    await server.login();
    await server.request('POST', '/api/v1/users', { username: 'ana', password: 'analyst-pass', role: 'analyst' });
    await server.request('POST', '/api/v1/users', { username: 'svc', password: 'service-pass', role: 'service' });
    analyst = await server.login('ana', 'analyst-pass');
    service = await server.login('svc', 'service-pass');
  });
  afterAll(() => server.stop());

  it('imports customers like post ingest: good ones stored, a bad one rejected at its index, upsert by id', async () => {
    const response = await server.request<{ accepted: number; rejected: Array<{ index: number; error: string }> }>('POST', '/api/v1/customers', [
      { id: 'C1', name: 'José García', phones: ['011 15-1234-5678'], emails: ['Jose@Mail.com'], handles: { x: '@PepeG' }, city: 'Córdoba', products: ['fibra'] },
      { id: 'C2', name: 'María López', phones: ['12'] },
      { id: 'C3', name: 'Familia Pérez', emails: ['familia@mail.com'] },
      { id: 'C4', name: 'Carla Pérez', emails: ['familia@mail.com'] },
    ]);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.accepted).toBe(3);
    expect(response.body.rejected).toEqual([{ index: 1, error: expect.stringMatching(/^phones\.0: "12" is not a valid phone number/) }]);
    const stored = await server.get<{ phones: string[]; emails: string[]; handles: Record<string, string> }>('/api/v1/customers/C1', service);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ phones: ['+5491112345678'], emails: ['jose@mail.com'], handles: { x: 'pepeg' } });
    await server.request('POST', '/api/v1/customers', [{ id: 'C1', name: 'José García', handles: { x: 'pepeg' }, city: 'Rosario' }]);
    expect((await server.get<{ city: string; phones: string[] }>('/api/v1/customers/C1')).body).toMatchObject({ city: 'Rosario', phones: [] });
  });

  it('refuses customers and links to roles that may not see them (403)', async () => {
    expect((await server.request('POST', '/api/v1/customers', [{ id: 'X', name: 'x' }], analyst)).status).toBe(403);
    expect((await server.get('/api/v1/customers/C1', analyst)).status).toBe(403);
    expect((await server.get('/api/v1/identity/links', analyst)).status).toBe(403);
    expect((await server.get('/api/v1/identity/links', service)).status).toBe(200);
  });

  it('links a declared handle when a post arrives, makes a family email a suggestion, and serves both pages', async () => {
    const posts = [
      aPostInput({ source: 'x', author: { id: 'a1', handle: 'PepeG', name: 'Pepe' }, text: 'sin fibra otra vez' }),
      aPostInput({ source: 'x', author: { id: 'a2', handle: 'carlap', name: 'Carla', bio: 'escribime a familia@mail.com' }, text: 'hola' }),
      aPostInput({ source: 'x', author: { id: 'a3', handle: 'nadie', name: 'Nadie Conocido' }, text: 'hola' }),
      // A call-centre record that names its customer: its author is not matched, whatever it
      // looks like (this one's bio would make two email suggestions).
      aPostInput({ source: 'callcenter', customerId: 'C1', author: { id: 'line-4', handle: 'line-4', name: 'Carla Pérez', bio: 'familia@mail.com' }, text: 'Consulta por la fibra' }),
    ];
    expect((await server.request('POST', '/api/v1/posts', posts)).status).toBe(202);
    const linked = await waitFor('the handle link', async () => {
      const page = (await server.get<LinkPage>('/api/v1/identity/links?status=linked')).body;
      return page.total === 1 ? page : undefined;
    });
    expect(linked.items).toEqual([expect.objectContaining({ author: 'x:a1', customerId: 'C1', method: 'handle', confidence: 1, status: 'linked' })]);
    const suggested = (await server.get<LinkPage>('/api/v1/identity/links?status=suggested&limit=1')).body;
    expect(suggested.total).toBe(2);
    expect(suggested.items).toHaveLength(1);
    const next = (await server.get<LinkPage>(`/api/v1/identity/links?status=suggested&limit=1&cursor=${suggested.nextCursor}`)).body;
    expect([...suggested.items, ...next.items].map((l) => [l.author, l.customerId, l.method])).toEqual([
      ['x:a2', 'C3', 'email'],
      ['x:a2', 'C4', 'email'],
    ]);
    expect(next.nextCursor).toBeUndefined();
    // The linked author's post carries the customer.
    await waitFor('the post to be stored with its customer', async () => {
      const page = (await server.get<{ items: Array<{ author: { id: string }; customerId?: string }> }>('/api/v1/posts?limit=50')).body;
      return page.items.find((p) => p.author.id === 'a1')?.customerId === 'C1' ? true : undefined;
    });
    const record = (await server.get<{ items: Array<{ author: { id: string }; customerId?: string }> }>('/api/v1/posts?limit=50&source=callcenter')).body.items;
    expect(record).toEqual([expect.objectContaining({ author: expect.objectContaining({ id: 'line-4' }), customerId: 'C1' })]);
  });

  it('confirms a suggestion, rejects the other, links by hand and undoes', async () => {
    const confirmed = await server.request<{ status: string; by: string }>('POST', '/api/v1/identity/links/confirm', { author: 'x:a2', customerId: 'C4' }, service);
    expect(confirmed).toMatchObject({ status: 200, body: { status: 'linked', by: 'svc' } });
    expect((await server.request('POST', '/api/v1/identity/links/reject', { author: 'x:a2', customerId: 'C3' })).body).toMatchObject({ status: 'rejected', by: 'admin' });
    const manual = await server.request('POST', '/api/v1/identity/links', { author: 'x:a3', customerId: 'C3' });
    expect(manual).toMatchObject({ status: 201, body: { method: 'manual', status: 'linked', confidence: 1 } });
    expect((await server.get<LinkPage>('/api/v1/identity/links?status=linked')).body.total).toBe(3);
    expect((await server.request('POST', '/api/v1/identity/links/undo', { author: 'x:a3', customerId: 'C3' })).status).toBe(204);
    expect((await server.get<LinkPage>('/api/v1/identity/links?status=linked')).body.total).toBe(2);
    expect((await server.request('POST', '/api/v1/identity/links/undo', { author: 'x:a3', customerId: 'C3' })).status).toBe(404);
    expect((await server.request('POST', '/api/v1/identity/links', { author: 'x:a3', customerId: 'nobody' })).status).toBe(404);
    expect((await server.request('POST', '/api/v1/identity/links/confirm', { author: '123', customerId: 'C1' })).status).toBe(400);
  });

  it('imports a CSV file as a job with a per-row error report, and links authors already seen', async () => {
    const csv = 'id,name,emails,handles.x,city,consent.marketing\nC10,Nadia Ruiz,nadia@mail.com,nadia_r,Salta,yes\nC11,,bad@mail.com,,,\n';
    const queued = await server.request<{ id: string; state: string }>('POST', '/api/v1/customers/imports', csv, undefined, { 'content-type': 'text/csv' });
    expect(queued.status).toBe(202);
    // An author seen before the customer existed.
    await server.request('POST', '/api/v1/posts', [aPostInput({ source: 'x', author: { id: 'a10', handle: 'Nadia_R' }, text: 'hola' })]);
    const done = await waitFor('the import to finish', async () => {
      const status = (await server.get<{ state: string; accepted: number; rejected: number; errors: Array<{ line: number; error: string }> }>(`/api/v1/customers/imports/${queued.body.id}`)).body;
      if (status.state === 'failed') throw new Error(JSON.stringify(status));
      return status.state === 'done' ? status : undefined;
    });
    expect(done).toMatchObject({ accepted: 1, rejected: 1, errors: [{ line: 3, error: 'name: is required' }] });
    expect((await server.get<{ consent: { marketing: boolean } }>('/api/v1/customers/C10')).body.consent).toEqual({ marketing: true });
    await waitFor('the author seen before to be linked', async () => {
      const page = (await server.get<LinkPage>('/api/v1/identity/links?status=linked&limit=500')).body;
      return page.items.some((l) => l.author === 'x:a10' && l.customerId === 'C10') ? true : undefined;
    });
    // The relink passes over the call-centre record too, and leaves its author alone.
    const all = await Promise.all(['linked', 'suggested'].map(async (status) => (await server.get<LinkPage>(`/api/v1/identity/links?status=${status}&limit=500`)).body.items));
    expect(all.flat().map((l) => l.author)).not.toContain('callcenter:line-4');
  });
});
