import { describeError } from '../stream/connector.status';

/** Graph's error codes for throttling: app (4), user (17), page (32), per-API (613) and business-use-case (80001..) limits. */
const THROTTLE_CODES = new Set([4, 17, 32, 613, 80001, 80002, 80004, 80005, 80006, 80008]);

export class GraphError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: number,
  ) {
    super(message);
  }
}

export interface GraphClientOptions {
  /** With the version, e.g. https://graph.facebook.com/v21.0. */
  graphUrl: string;
  /** Wait after a throttle when Graph does not say how long. Default 60 s. */
  rateLimitWaitMs?: number;
  /** Throttles waited out in a row before giving up. Default 10. */
  maxWaits?: number;
  sleep?: (ms: number) => Promise<void>;
  onRateLimitWait?: (ms: number) => void;
}

/**
 * GET against the Graph API, following its usage headers: X-App-Usage, X-Page-Usage and
 * X-Business-Use-Case-Usage say how much of the quota is used (percent); a throttled answer
 * (HTTP 429 or a throttling error code) is waited out, as long as Graph says when it says, and tried again.
 */
export class GraphClient {
  /** Percent of the tightest quota left, as Graph last said. */
  rateLimitRemaining?: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GraphClientOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
  }

  /** `pathOrUrl` is a path under graphUrl, or an absolute `paging.next` URL as Graph gives it. */
  async get<T>(pathOrUrl: string, params: Record<string, string> = {}): Promise<T> {
    const url = new URL(/^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${this.options.graphUrl.replace(/\/+$/, '')}/${pathOrUrl.replace(/^\/+/, '')}`);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    for (let waits = 0; ; waits++) {
      let response: Response;
      try {
        response = await fetch(url);
      } catch (error) {
        throw new GraphError(`cannot reach Graph: ${describeError(error)}`, 0);
      }
      const { usedPercent, regainMs } = usage(response.headers);
      if (usedPercent !== undefined) this.rateLimitRemaining = Math.max(0, 100 - usedPercent);
      const body = (await response.json().catch(() => undefined)) as { error?: { message?: string; code?: number; type?: string } } | undefined;
      const code = body?.error?.code;
      if (response.status === 429 || (code !== undefined && THROTTLE_CODES.has(code))) {
        if (waits >= (this.options.maxWaits ?? 10)) throw new GraphError(`Graph kept throttling: ${body?.error?.message ?? response.status}`, response.status, code);
        const wait = regainMs ?? this.options.rateLimitWaitMs ?? 60_000;
        this.options.onRateLimitWait?.(wait);
        await this.sleep(wait);
        continue;
      }
      if (!response.ok || body?.error) {
        const said = body?.error?.message ?? response.statusText;
        const hint = code === 190 ? '; the access token is invalid or expired: get a new long-lived token' : code === 10 || code === 200 ? '; the token lacks a permission (pages_read_engagement, pages_read_user_content, pages_manage_metadata)' : '';
        throw new GraphError(`Graph answered ${response.status}${code !== undefined ? ` (#${code})` : ''}: ${said}${hint}`, response.status, code);
      }
      return body as T;
    }
  }
}

/** The highest percentage any usage header reports, and how long the business-use-case header says to wait. */
function usage(headers: Headers): { usedPercent?: number; regainMs?: number } {
  let used: number | undefined;
  let regainMs: number | undefined;
  const take = (value: unknown) => {
    if (typeof value === 'number' && Number.isFinite(value)) used = Math.max(used ?? 0, value);
  };
  for (const name of ['x-app-usage', 'x-page-usage', 'x-ad-account-usage']) {
    const raw = headers.get(name);
    if (!raw) continue;
    try {
      const parsed = JSON.parse(raw) as Record<string, unknown>;
      for (const key of ['call_count', 'total_time', 'total_cputime']) take(parsed[key]);
    } catch {
      // A header that does not parse says nothing; the response still counts.
    }
  }
  const business = headers.get('x-business-use-case-usage');
  if (business) {
    try {
      for (const entries of Object.values(JSON.parse(business) as Record<string, Array<Record<string, unknown>>>)) {
        for (const entry of entries ?? []) {
          for (const key of ['call_count', 'total_time', 'total_cputime']) take(entry[key]);
          const minutes = entry.estimated_time_to_regain_access;
          if (typeof minutes === 'number' && minutes > 0) regainMs = Math.max(regainMs ?? 0, minutes * 60_000);
        }
      }
    } catch {
      // As above.
    }
  }
  return { usedPercent: used, regainMs };
}
