import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@escucha/config';
import { systemClock } from '@escucha/core';
import { IdentityService } from '@escucha/identity';
import { InlineJobQueue } from '@escucha/queue';
import { openDuckDbStores, type DuckDbStores, type IdentityLinkStore, type PostStore } from '@escucha/store';

export interface IdentityHarness {
  stores: DuckDbStores;
  queue: InlineJobQueue;
  identity: IdentityService;
  /** Closes the stores and the queue and removes the directory. */
  close(): Promise<void>;
}

/**
 * An IdentityService on a real DuckDB file and a real inline queue in a temp directory, as a
 * worker has it. `wrap` may put a recording wrapper around the posts or links store it is given.
 */
export async function openIdentityHarness(wrap: { posts?: (store: PostStore) => PostStore; links?: (store: IdentityLinkStore) => IdentityLinkStore } = {}): Promise<IdentityHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'escucha-identity-'));
  const stores = await openDuckDbStores(join(dir, 'escucha.duckdb'));
  const queue = await InlineJobQueue.open(join(dir, 'queue'));
  const posts = wrap.posts ? wrap.posts(stores.posts) : stores.posts;
  const links = wrap.links ? wrap.links(stores.identityLinks) : stores.identityLinks;
  const identity = new IdentityService(stores.customers, links, stores.settings, posts, queue, systemClock, loadConfig({ DATA_DIR: dir }, false));
  return {
    stores,
    queue,
    identity,
    async close() {
      await queue.close();
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
