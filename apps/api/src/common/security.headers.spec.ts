import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_CSP, addSecurityHeaders, helmetHeaders } from './security.headers';

describe('security headers', () => {
  it('are helmet\'s, worked out once, with the CSP it was given and none of its defaults merged in', () => {
    const headers = helmetHeaders({ contentSecurityPolicy: { useDefaults: false, directives: DASHBOARD_CSP } });
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN', 'x-xss-protection': '0' });
    expect(headers['x-powered-by']).toBeUndefined();
    expect(helmetHeaders({ contentSecurityPolicy: false })['content-security-policy']).toBeUndefined();
  });

  it('send the policy of the longest matching prefix', async () => {
    const fastify = Fastify();
    const base = { 'default-src': ["'self'"] };
    addSecurityHeaders(fastify, { '/': { ...base, 'style-src': ["'self'"] }, '/docs': { ...base, 'style-src': ["'self'", "'unsafe-inline'"] } });
    fastify.get('/*', async () => 'ok');
    const csp = async (url: string) => (await fastify.inject({ url })).headers['content-security-policy'];
    expect(await csp('/live')).toBe("default-src 'self';style-src 'self'");
    expect(await csp('/docs/index.html')).toBe("default-src 'self';style-src 'self' 'unsafe-inline'");
    await fastify.close();
  });
});
