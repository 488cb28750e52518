import type { NextFunction, Request, Response } from 'express';

export type CspDirectives = Record<string, readonly string[]>;

/**
 * What the dashboard needs, and nothing from elsewhere. Scripts only from our own files (the
 * Vite build emits no inline script; vue-i18n compiles messages without eval). Style sheets only
 * from our files too, but style attributes are allowed: ECharts writes its charts' wrappers and
 * tooltips as HTML with style attributes (Chromium reports style-src-attr violations on every
 * page without it). Sockets to the same host are covered by 'self'. Written in helmet's directive format, so it can be handed to
 * `helmet({ contentSecurityPolicy: { directives } })` as it is.
 *
 * Helmet's default `upgrade-insecure-requests` is left out: the embedded footprint is often
 * opened over plain http on a LAN address, where it would send every asset to an https port
 * that does not exist.
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

export function cspHeader(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');
}

/**
 * Helmet 8's default headers (helmet is not among the dependencies yet; see the README), with
 * the policies above. One CSP per path prefix, the longest prefix winning: the API docs need
 * allowances the dashboard does not.
 */
export function securityHeaders(policies: Record<string, CspDirectives>): (req: Request, res: Response, next: NextFunction) => void {
  const byPrefix = Object.entries(policies)
    .map(([prefix, directives]) => [prefix, cspHeader(directives)] as const)
    .sort((a, b) => b[0].length - a[0].length);
  const fixed: Record<string, string> = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Origin-Agent-Cluster': '?1',
    'Referrer-Policy': 'no-referrer',
    // Browsers ignore it over plain http; behind a TLS proxy it keeps them on https.
    'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
    'X-Content-Type-Options': 'nosniff',
    'X-DNS-Prefetch-Control': 'off',
    'X-Download-Options': 'noopen',
    'X-Frame-Options': 'SAMEORIGIN',
    'X-Permitted-Cross-Domain-Policies': 'none',
    // The old XSS auditor did more harm than good; helmet turns it off the same way.
    'X-XSS-Protection': '0',
  };
  return (req, res, next) => {
    const policy = byPrefix.find(([prefix]) => req.path.startsWith(prefix));
    if (policy) res.setHeader('Content-Security-Policy', policy[1]);
    for (const [name, value] of Object.entries(fixed)) res.setHeader(name, value);
    res.removeHeader('X-Powered-By');
    next();
  };
}
