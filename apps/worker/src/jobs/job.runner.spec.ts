import { describe, expect, it } from 'vitest';
import { collectHandlers } from './job.runner';

const noop = async () => undefined;

describe('collectHandlers', () => {
  it('maps each declared job to its one handler', () => {
    const retention = async () => undefined;
    const handlers = collectHandlers([
      ['posts.ingest', noop, 'PostsIngestJob.handle'],
      ['posts.recategorize', noop, 'PostsRecategorizeJob.handle'],
      ['sources.import', noop, 'SourcesImportJob.handle'],
      ['x.backfill', noop, 'XBackfillJob.handle'],
      ['store.retention', retention, 'RetentionJob.run'],
      ['alerts.deliver', noop, 'AlertDeliveryJob.handle'],
    ]);
    expect(handlers.get('posts.ingest')).toBe(noop);
    expect(handlers.get('store.retention')).toBe(retention);
  });

  it('refuses a job without a handler', () => {
    expect(() => collectHandlers([])).toThrow(/job "posts.ingest" has no @OnJob handler/);
  });

  it('refuses a job with two handlers, naming both', () => {
    expect(() =>
      collectHandlers([
        ['posts.ingest', noop, 'A.handle'],
        ['posts.ingest', noop, 'B.handle'],
        ['posts.recategorize', noop, 'PostsRecategorizeJob.handle'],
        ['store.retention', noop, 'RetentionJob.run'],
      ]),
    ).toThrow(/2 handlers: A.handle, B.handle/);
  });
});
