import { ValidationError } from '@escucha/core';
import type { OfferStore } from '../offer-store.port';
import type { AuditLog } from '../audit-log.port';
import type { CheckpointStore } from '../checkpoint-store.port';
import type { LabelStore } from '../label-store.port';
import type { CustomerStore } from '../customer-store.port';
import type { IdentityLinkStore } from '../identity-link-store.port';
import type { ApiKeyStore } from '../api-key-store.port';
import type { AlertStore } from '../alert-store.port';
import type { PostStore } from '../post-store.port';
import type { SettingsStore } from '../settings-store.port';
import type { SourceStore } from '../source-store.port';
import type { UserStore } from '../user-store.port';
import { ElasticsearchApiKeyStore } from './elasticsearch.api-key-store';
import type { BulkOptions } from './elasticsearch.bulk';
import { ElasticsearchAlertStore } from './elasticsearch.alert-store';
import { ElasticsearchConnection } from './elasticsearch.client';
import { ElasticsearchOfferStore } from './elasticsearch.offer-store';
import { ElasticsearchAuditLog } from './elasticsearch.audit-log';
import { ElasticsearchCheckpointStore } from './elasticsearch.checkpoint-store';
import { ElasticsearchLabelStore } from './elasticsearch.label-store';
import { ElasticsearchCustomerStore } from './elasticsearch.customer-store';
import { ElasticsearchIdentityLinkStore } from './elasticsearch.identity-link-store';
import { ElasticsearchPostStore } from './elasticsearch.post-store';
import { ElasticsearchSettingsStore } from './elasticsearch.settings-store';
import { ElasticsearchSourceStore } from './elasticsearch.source-store';
import { ElasticsearchUserStore } from './elasticsearch.user-store';

export interface ElasticsearchStoreOptions {
  /**
   * Names every index, template and alias: `<prefix>-posts-YYYY.MM`, `<prefix>-posts`,
   * `<prefix>-users`. Lets several deployments (or test runs) share a cluster.
   */
  prefix?: string;
  /** Primary shards per monthly posts index (default 1). */
  shards?: number;
  /** Replicas per index; by default `auto_expand_replicas: 0-1` (one once a second node exists). */
  replicas?: number;
  bulk?: BulkOptions;
}

export interface ElasticsearchStores {
  posts: PostStore;
  users: UserStore;
  settings: SettingsStore;
  sources: SourceStore;
  offers: OfferStore;
  labels: LabelStore;
  audit: AuditLog;
  checkpoints: CheckpointStore;
  customers: CustomerStore;
  identityLinks: IdentityLinkStore;
  apiKeys: ApiKeyStore;
  alerts: AlertStore;
  /** Closes the client; `posts.close()` does the same. */
  close(): Promise<void>;
}

// Index names must be lower case and must not start with -, _ or +; keep prefixes plain.
const PREFIX = /^[a-z0-9][a-z0-9_-]{0,100}$/;

/**
 * Connects to the cluster at `url` and makes sure the index template, the posts alias and the
 * users index exist. Both stores share one client.
 */
export async function openElasticsearchStores(
  url: string,
  options: ElasticsearchStoreOptions = {},
): Promise<ElasticsearchStores> {
  const prefix = options.prefix ?? 'escucha';
  if (!PREFIX.test(prefix)) {
    throw new ValidationError(`index prefix must be lower-case letters, digits, "-" or "_", got "${prefix}"`);
  }
  const es = ElasticsearchConnection.open(url);
  const posts = new ElasticsearchPostStore(es, { prefix, shards: options.shards, replicas: options.replicas, bulk: options.bulk });
  const users = new ElasticsearchUserStore(es, prefix, options.replicas);
  const settings = new ElasticsearchSettingsStore(es, prefix, options.replicas);
  const sources = new ElasticsearchSourceStore(es, prefix, options.replicas);
  const offers = new ElasticsearchOfferStore(es, prefix, options.replicas);
  const labels = new ElasticsearchLabelStore(es, prefix, options.replicas);
  const audit = new ElasticsearchAuditLog(es, prefix, options.replicas);
  const checkpoints = new ElasticsearchCheckpointStore(es, prefix, options.replicas);
  const customers = new ElasticsearchCustomerStore(es, prefix, options.replicas);
  const identityLinks = new ElasticsearchIdentityLinkStore(es, prefix, options.replicas);
  const apiKeys = new ElasticsearchApiKeyStore(es, prefix, options.replicas);
  const alerts = new ElasticsearchAlertStore(es, prefix, options.replicas);
  try {
    await posts.init();
    await users.init();
    await settings.init();
    await sources.init();
    await offers.init();
    await labels.init();
    await audit.init();
    await checkpoints.init();
    await customers.init();
    await identityLinks.init();
    await apiKeys.init();
    await alerts.init();
  } catch (error) {
    await es.close().catch(() => undefined);
    throw error;
  }
  return { posts, users, settings, sources, offers, labels, audit, checkpoints, customers, identityLinks, apiKeys, alerts, close: () => es.close() };
}
