import { ApiError } from './types';

const TOKEN_KEY = 'escucha.token';

/** The bearer token lives in localStorage so a reload keeps the session. */
export const tokenStorage = {
  get(): string | null {
    return localStorage.getItem(TOKEN_KEY);
  },
  set(token: string): void {
    localStorage.setItem(TOKEN_KEY, token);
  },
  clear(): void {
    localStorage.removeItem(TOKEN_KEY);
  },
};

// The HTTP layer and the live socket both learn about an expired session, but only the app
// shell knows the router; it registers what to do once, at start-up.
let unauthorizedHandler: () => void = () => {};

export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

export function notifyUnauthorized(): void {
  unauthorizedHandler();
}

export type QueryValue = string | number | boolean | readonly string[] | null | undefined;

/** Builds `?a=1&b=x,y`, leaving out empty values; lists are comma-separated as the API expects. */
export function toQuery(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','));
    } else {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** Login is the one call made without a token; a 401 there means bad credentials, not an expired session. */
  anonymous?: boolean;
}

export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = tokenStorage.get();
  if (token && !options.anonymous) headers.Authorization = `Bearer ${token}`;

  let response: Response;
  try {
    response = await fetch(path + toQuery(options.query ?? {}), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }

  // A 204 (DELETE) has no body to read.
  const payload: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok) {
    const { code, message } = errorBody(payload);
    // A wrong password in the body (changing one's own) is not a dead session: the user may retype it.
    if (response.status === 401 && !options.anonymous && code !== 'INVALID_CREDENTIALS') notifyUnauthorized();
    const retryAfter = Number(response.headers.get('Retry-After'));
    throw new ApiError(response.status, code ?? `HTTP_${response.status}`, message ?? response.statusText, retryAfter > 0 ? retryAfter : undefined);
  }
  return payload as T;
}

function errorBody(payload: unknown): { code?: string; message?: string } {
  if (typeof payload !== 'object' || payload === null) return {};
  const record = payload as Record<string, unknown>;
  // Nest's default error shape sends `message` as a list of validation messages.
  const message = Array.isArray(record.message) ? record.message.join('; ') : record.message;
  return {
    code: typeof record.code === 'string' ? record.code : undefined,
    message: typeof message === 'string' ? message : undefined,
  };
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
