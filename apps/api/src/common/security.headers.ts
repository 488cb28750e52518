import type { NextFunction, Request, Response } from 'express';
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

type Middleware = (req: Request, res: Response, next: NextFunction) => void;

/**
 * Helmet's default headers with one CSP per path prefix, the longest prefix winning: the API docs
 * need allowances the dashboard does not. The other headers are helmet's defaults, the same on
 * every path: HSTS is ignored by browsers over plain http and keeps them on https behind a TLS
 * proxy; `X-XSS-Protection: 0` turns off the old XSS auditor, which did more harm than good.
 */
export function securityHeaders(policies: Record<string, CspDirectives>): Middleware {
  const byPrefix = Object.entries(policies)
    .map(([prefix, directives]) => [prefix, helmet({ contentSecurityPolicy: { useDefaults: false, directives } })] as const)
    .sort((a, b) => b[0].length - a[0].length);
  // Paths no policy covers still get every header but the CSP.
  const fallback = helmet({ contentSecurityPolicy: false });
  return (req, res, next) => {
    const policy = byPrefix.find(([prefix]) => req.path.startsWith(prefix));
    (policy ? policy[1] : fallback)(req, res, next);
  };
}
