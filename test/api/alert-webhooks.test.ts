import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../support/server';

/** OWASP API7: a rule's webhook URL is a person's input, and the server would call it. */
describe('alert rules: webhook receivers inside the network are refused', () => {
  const server = new TestServer({ SERVE_WEB: 'off', DEMO: 'off' });
  const rule = (id: string, url: string) => ({ id, name: id, scope: { intents: ['outage'] }, channels: { banner: true, webhook: { url } } });

  beforeAll(async () => {
    await server.start();
    await server.login();
  });
  afterAll(() => server.stop());

  it('refuses loopback, private and metadata addresses with a 400 that says how to allow them', async () => {
    for (const url of ['http://127.0.0.1:9000/hook', 'http://localhost/hook', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.5/hook', 'http://[::1]/hook']) {
      const refused = await server.request<{ code: string; message: string }>('POST', '/api/v1/alert-rules', rule('internal', url));
      expect(refused.status, url).toBe(400);
      expect(refused.body).toMatchObject({ code: 'WEBHOOK_TARGET_FORBIDDEN', message: expect.stringContaining('ALERTS_WEBHOOK_ALLOW_INTERNAL') });
    }
    expect((await server.get('/api/v1/alert-rules/internal')).status).toBe(404);
  });

  it('takes a public receiver, and refuses to point it inside later', async () => {
    expect((await server.request('POST', '/api/v1/alert-rules', rule('public', 'https://8.8.8.8/hook'))).status).toBe(201);
    expect((await server.request('PUT', '/api/v1/alert-rules/public', rule('public', 'http://192.168.0.10/hook'))).status).toBe(400);
  });
});
