import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AppError } from '@escucha/core';

/**
 * Addresses an alert webhook may not reach unless the deployment allows it: loopback, private
 * networks, link-local (cloud metadata at 169.254.169.254), unique-local and unspecified. A rule
 * is written by a person through the API; without this, the server would POST to its own
 * internals on their behalf (OWASP API7, server-side request forgery).
 */
export function isInternalAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) return internalV4(address);
  if (version !== 6) return false;
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return internalV4(mapped[1]!);
  return lower === '::' || lower === '::1' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower);
}

function internalV4(address: string): boolean {
  const [a, b] = address.split('.').map(Number) as [number, number];
  return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

/**
 * Throws WEBHOOK_TARGET_FORBIDDEN when `url` is not http(s) or its host is, or resolves to, an
 * internal address. Checked when a rule is saved (a literal address or `localhost`, at once) and
 * again before each delivery (a name may resolve elsewhere later).
 */
export async function checkWebhookTarget(url: string, allowInternal: boolean, resolve = true): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('WEBHOOK_TARGET_FORBIDDEN', `webhook URL "${url}" is not a URL`, 400);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new AppError('WEBHOOK_TARGET_FORBIDDEN', `webhook URL must be http or https, got ${parsed.protocol}`, 400);
  }
  if (allowInternal) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : host === 'localhost' || host.endsWith('.localhost') ? ['127.0.0.1'] : resolve ? (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address) : [];
  const internal = addresses.find(isInternalAddress);
  if (internal) {
    throw new AppError(
      'WEBHOOK_TARGET_FORBIDDEN',
      `webhook host ${parsed.hostname} is an internal address (${internal}); set ALERTS_WEBHOOK_ALLOW_INTERNAL=on to allow internal receivers`,
      400,
    );
  }
}
