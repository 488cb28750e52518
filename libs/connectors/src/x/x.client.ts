import type { Agent } from 'node:https';
import { TwitterApi, type ITwitterApiClientPlugin, type TwitterApiReadOnly } from 'twitter-api-v2';

/** Where twitter-api-v2 sends every call; the plugin swaps this origin for the configured one. */
const X_ORIGIN = 'https://api.x.com';

/**
 * Points twitter-api-v2 at another origin (a regional proxy, a test server). The library
 * builds absolute api.x.com URLs, and streams take a separate path through it, so both hooks
 * rewrite: REST calls in `onBeforeRequestConfig`, the filtered stream in `onBeforeStreamRequestConfig`.
 */
export function baseUrlPlugin(baseUrl: string): ITwitterApiClientPlugin {
  const target = baseUrl.replace(/\/+$/, '');
  const rewrite = ({ params }: { params: { url: string } }): void => {
    if (params.url.startsWith(X_ORIGIN)) params.url = target + params.url.slice(X_ORIGIN.length);
  };
  return { onBeforeRequestConfig: rewrite, onBeforeStreamRequestConfig: rewrite };
}

export interface XClientOptions {
  bearerToken: string;
  /** Default https://api.x.com. */
  apiBaseUrl?: string;
  /** For a server whose certificate the process does not otherwise trust (in-process tests). */
  httpAgent?: Agent;
}

/** App-only (bearer token) client: the filtered stream and search need nothing more. */
export function createXClient(options: XClientOptions): TwitterApiReadOnly {
  const base = options.apiBaseUrl ?? X_ORIGIN;
  const plugins = base.replace(/\/+$/, '') === X_ORIGIN ? [] : [baseUrlPlugin(base)];
  return new TwitterApi(options.bearerToken, { plugins, ...(options.httpAgent ? { httpAgent: options.httpAgent } : {}) }).readOnly;
}
