import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

export type CspDirectives = Record<string, readonly string[]>;

/**
 * What the dashboard needs, and nothing from elsewhere. Scripts only from our own files (the
 * Vite build emits no inline script; vue-i18n compiles messages without eval). Style sheets only
 * from our files too, but style attributes are allowed: ECharts writes its charts' wrappers and
 * tooltips as HTML with style attributes (Chromium reports style-src-attr violations on every
 * page without it). Sockets to the same host are covered by 'self'.
 *
 * Helmet's default `upgrade-insecure-requests` is left out (helmet is told not to merge its
 * defaults in): the embedded footprint is often opened over plain http on a LAN address, where
 * it would send every asset to an https port that does not exist.
 */
export const DASHBOARD_CSP: CspDirectives = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'style-src-attr': ["'unsafe-inline'"],
};

type Headers = Readonly<Record<string, string>>;

/**
 * The headers a helmet middleware sets. They depend on its options only (no nonces here), so
 * they are worked out once and sent as they are: running helmet's dozen middlewares on every
 * request cost a tenth of a one-post ingest request's CPU.
 */
export function helmetHeaders(options: Parameters<typeof helmet>[0]): Headers {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  let failed: unknown;
  helmet(options)({ headers: {}, method: 'GET', url: '/' } as IncomingMessage, res as unknown as ServerResponse, (error?: unknown) => (failed = error));
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
  return Object.freeze(headers);
}

/**
 * Helmet's default headers with one CSP per path prefix, the longest prefix winning: the API docs
 * need allowances the dashboard does not. The other headers are helmet's defaults, the same on
 * every path: HSTS is ignored by browsers over plain http and keeps them on https behind a TLS
 * proxy; `X-XSS-Protection: 0` turns off the old XSS auditor, which did more harm than good.
 */
export function addSecurityHeaders(fastify: FastifyInstance, policies: Record<string, CspDirectives>): void {
  const byPrefix = Object.entries(policies)
    .map(([prefix, directives]) => [prefix, helmetHeaders({ contentSecurityPolicy: { useDefaults: false, directives } })] as const)
    .sort((a, b) => b[0].length - a[0].length);
  // Paths no policy covers still get every header but the CSP.
  const fallback = helmetHeaders({ contentSecurityPolicy: false });
  fastify.addHook('onRequest', (request, reply, done) => {
    const policy = byPrefix.find(([prefix]) => request.url.startsWith(prefix));
    reply.headers(policy ? policy[1] : fallback);
    done();
  });
}
